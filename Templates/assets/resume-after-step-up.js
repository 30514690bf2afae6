// Back from /oauth2/authorize through /app/callback/ (DESIGN.md flow 5): the operation that waited
// in sessionStorage for a step-up (api.js) is retried exactly once when the round trip was its
// step-up, and only reported as not done when the person came back another way or too late.
import { copy } from "./copy.js";
import { announce } from "./dom.js";
import { retryOperation, takePendingOperation } from "./api.js";
import { describeApiError } from "./api-problems.js";
import { load } from "./app-state.js";
import { signalAcceptedCredentials } from "./passkey-signals.js";
import { transferSent } from "./transfers.js";

/** `purpose` is that of the authorization round trip that just finished ("sign-in" or "step-up"). */
export async function resumePendingOperation(purpose) {
  const taken = takePendingOperation();
  if (!taken) return;
  const { operation, expired } = taken;
  if (expired) {
    announce(copy("app.stepup_expired"), { tone: "error" });
    return;
  }
  if (purpose !== "step-up") {
    announce(copy("app.stepup_cancelled"));
    return;
  }
  announce(copy("stepup.confirmed"));
  let result;
  try {
    result = await retryOperation(operation);
  } catch (error) {
    const reason = error?.code === "step-up-required" ? copy("app.stepup_again") : describeApiError(error, { transfer: operation.kind === "transfer" });
    announce(`${copy("stepup.retry_failed")} ${reason}`, { tone: "error" });
    if (operation.kind === "remove-passkey") load("passkeys");
    return;
  }
  const done = copy("stepup.done");
  if (operation.kind === "transfer") {
    transferSent(operation, { prefix: done });
  } else if (operation.kind === "payee") {
    announce(`${done} ${copy("app.payee_added", { name: result?.payee?.name ?? operation.summary?.name ?? "" })}`, { tone: "success" });
    await load("payees");
  } else if (operation.kind === "remove-passkey") {
    announce(`${done} ${copy("app.passkey_removed")}`, { tone: "success" });
    await load("passkeys");
    signalAcceptedCredentials();
  }
}
