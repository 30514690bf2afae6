// Times `SiteBuilder.build()` on the repository's Site/ + Templates/ and on a generated 1,000-page site.
// Run in release: `swift run -c release SiteGeneratorBenchmarks [repository-root]`.
import Foundation
import SiteGenerator

let repository =
    CommandLine.arguments.dropFirst().first.map { URL(fileURLWithPath: $0) }
    ?? URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("site-benchmarks-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: scratch) }

/// User and system CPU time of this process so far: steadier than wall time on a shared, busy machine.
func processorTime() -> (user: Duration, system: Duration) {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func duration(_ time: timeval) -> Duration { .seconds(time.tv_sec) + .microseconds(time.tv_usec) }
    return (duration(usage.ru_utime), duration(usage.ru_stime))
}

/// Builds `runs` times and prints the median, fastest and slowest wall-clock time, and the median CPU time.
func measure(_ label: String, site: URL, templates: URL, runs: Int = 5) {
    let output = scratch.appendingPathComponent("public-\(label.filter(\.isLetter))")
    let builder = SiteBuilder(configuration: .init(siteDirectory: site, templatesDirectory: templates, outputDirectory: output))
    let clock = ContinuousClock()
    var times: [Duration] = []
    var userTimes: [Duration] = []
    var systemTimes: [Duration] = []
    var report: SiteBuildReport?
    for _ in 0..<runs {
        let start = clock.now
        let processorStart = processorTime()
        do {
            report = try builder.build()
        } catch {
            print("\(label): build failed: \(error)")
            return
        }
        times.append(clock.now - start)
        let processorEnd = processorTime()
        userTimes.append(processorEnd.user - processorStart.user)
        systemTimes.append(processorEnd.system - processorStart.system)
    }
    times.sort()
    userTimes.sort()
    systemTimes.sort()
    func milliseconds(_ duration: Duration) -> String {
        String(format: "%.1f ms", Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
    }
    let pages = report?.pageCount ?? 0
    let assets = report?.assetCount ?? 0
    print(
        "\(label): \(pages) pages, \(assets) assets: median \(milliseconds(times[times.count / 2])) "
            + "(min \(milliseconds(times[0])), max \(milliseconds(times[times.count - 1])), \(runs) runs); "
            + "CPU medians: user \(milliseconds(userTimes[runs / 2])), system \(milliseconds(systemTimes[runs / 2]))"
    )
}

/// Writes a site of `count` pages, each with a table, nested lists and links to its neighbours.
func generateSite(pages count: Int, at root: URL) throws -> (site: URL, templates: URL) {
    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    try write("Site/site.yml", "bankName: Passbank\nlanguage: en\n")
    try write("Site/copy/common.md", "---\ncopy:\n  skip: Skip to content\n  footer: Passbank reference system\n---\n")
    try write(
        "Templates/layouts/default.mustache",
        """
        <!doctype html>
        <html lang="{{site.language}}">
        <head><meta charset="utf-8"><title>{{page.title}} · {{site.bankName}}</title>
        <meta name="passbank:copy" content="{{assets.copy_json}}">
        <link rel="stylesheet" href="{{assets.app_css}}">
        {{#page.scripts}}<script type="module" src="{{.}}"></script>{{/page.scripts}}
        </head>
        <body><a href="#main">{{copy.common.skip}}</a>
        {{> nav}}
        <main id="main">{{{content}}}</main>
        <footer>{{copy.common.footer}}</footer>
        </body></html>

        """
    )
    try write(
        "Templates/partials/nav.mustache",
        "<nav>{{#nav}}<a href=\"{{route}}\"{{#current}} aria-current=\"page\"{{/current}}>{{label}}</a>{{/nav}}</nav>\n"
    )
    try write("Templates/assets/app.css", "body { font: 16px system-ui; }\n.logo { background: url(./logo.svg); }\n")
    try write("Templates/assets/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n")
    try write("Templates/assets/util.js", "export const ready = () => document.readyState !== \"loading\";\n")
    try write("Templates/assets/app.js", "import { ready } from \"./util.js\";\nconsole.log(ready(), \"{{site.bankName}}\");\n")
    for index in 0..<count {
        let previous = index == 0 ? "/" : "/pages/page-\(index - 1)/"
        let next = "/pages/page-\((index + 1) % count)/"
        let nav = index < 8 ? "nav: {label: \"Page \(index)\", order: \(index)}\n" : ""
        let rows = (0..<20).map { "| \($0) | account \(index)-\($0) | \($0 * 125).00 EUR | ~~old~~ |" }.joined(separator: "\n")
        try write(
            "Site/pages/page-\(index).md",
            """
            ---
            title: "Page \(index)"
            description: "Generated page \(index)"
            scripts: [app.js]
            \(nav)---
            # Page \(index) of {{site.bankName}}

            Go to the [previous page](\(previous)) or the [next one](\(next)), or [home](/). See https://example.com/\(index).

            | # | account | balance | note |
            | - | ------- | ------: | ---- |
            \(rows)

            - first
              - nested **bold**
                - deeper `code`
            - second
            1. one
            2. two

            > A quote with *emphasis* and a [relative link](../page-\((index + 2) % count)/).

            """
        )
    }
    try write("Site/index.md", "---\ntitle: Home\n---\n[Start](/pages/page-0/)\n")
    return (root.appendingPathComponent("Site"), root.appendingPathComponent("Templates"))
}

let realSite = repository.appendingPathComponent("Site")
if FileManager.default.fileExists(atPath: realSite.appendingPathComponent("site.yml").path) {
    measure("repository Site/", site: realSite, templates: repository.appendingPathComponent("Templates"))
} else {
    print("repository Site/: skipped, \(realSite.path)/site.yml is absent")
}
do {
    let generated = try generateSite(pages: 1_000, at: scratch.appendingPathComponent("generated"))
    measure("generated site", site: generated.site, templates: generated.templates)
} catch {
    print("generated site: cannot write the fixture: \(error)")
}
