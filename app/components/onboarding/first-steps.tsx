import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";

export interface FirstStepsState {
  policy: boolean;
  connected: boolean;
  shared: boolean;
  installed: boolean;
}

/** The prompt Chromium offers before installing (not in the DOM typings). */
interface InstallPrompt extends Event {
  prompt: () => Promise<void>;
}

const INSTALLED_KEY = "chorus.appInstalled";

function isStandalone() {
  return window.matchMedia("(display-mode: standalone)").matches || localStorage.getItem(INSTALLED_KEY) === "yes";
}

/**
 * Tells the server once when the app runs installed (standalone display mode) or the appinstalled event fires,
 * and keeps the browser's install prompt for the Install button. Runs after hydration only, so the first render
 * is the server's (no mismatch).
 */
function useInstallation(installed: boolean) {
  const fetcher = useFetcher();
  const [prompt, setPrompt] = useState<InstallPrompt | null>(null);
  const sent = useRef(installed);
  useEffect(() => {
    const record = () => {
      localStorage.setItem(INSTALLED_KEY, "yes");
      if (sent.current) return;
      sent.current = true;
      fetcher.submit({ intent: "app-installed" }, { method: "post", action: "/me" });
    };
    if (isStandalone()) record();
    const onPrompt = (event: Event) => {
      event.preventDefault();
      setPrompt(event as InstallPrompt);
    };
    window.addEventListener("beforeinstallprompt", onPrompt);
    window.addEventListener("appinstalled", record);
    return () => {
      window.removeEventListener("beforeinstallprompt", onPrompt);
      window.removeEventListener("appinstalled", record);
    };
  }, [fetcher]);
  return prompt;
}

function Step({ done, label, children }: { done: boolean; label: string; children: ReactNode }) {
  return (
    <li className={done ? "first-step done" : "first-step"}>
      <span className={done ? "badge badge-ok" : "badge"}>{done ? "Done" : "To do"}</span> <strong>{label}</strong>
      {done ? null : <div className="muted">{children}</div>}
    </li>
  );
}

/** The first-steps checklist at the top of the library, until every step is done or it is dismissed. */
export function FirstStepsChecklist({ steps }: { steps: FirstStepsState }) {
  const prompt = useInstallation(steps.installed);
  const fetcher = useFetcher();
  const done = [steps.policy, steps.connected, steps.shared, steps.installed].filter(Boolean).length;
  return (
    <section className="card stack first-steps" aria-labelledby="first-steps-heading">
      <div className="row row-between">
        <h2 className="flush" id="first-steps-heading">
          First steps
        </h2>
        <span className="muted">{done} of 4 done</span>
      </div>
      <ol className="list-unstyled stack" aria-label="First steps">
        <Step done={steps.policy} label="Accept the social media policy">
          <Link to="/policy">Read and accept the policy</Link>
        </Step>
        <Step done={steps.connected} label="Connect a network">
          On <Link to="/connections">Connections</Link>, link LinkedIn, X or Facebook so Chorus can post for you.
        </Step>
        <Step done={steps.shared} label="Make a first share">
          Pick an item below and press <em>Share</em>, or <Link to="#section-newest">see the newest items</Link>.
        </Step>
        <Step done={steps.installed} label="Install the app">
          {prompt ? (
            <button type="button" className="button-small" onClick={() => void prompt.prompt()}>
              Install Chorus
            </button>
          ) : (
            "In your browser's menu, choose Install app or Add to Home screen."
          )}
        </Step>
      </ol>
      <fetcher.Form method="post" action="/me">
        <button type="submit" name="intent" value="dismiss-first-steps" className="button-small button-secondary">
          Hide first steps
        </button>
      </fetcher.Form>
    </section>
  );
}
