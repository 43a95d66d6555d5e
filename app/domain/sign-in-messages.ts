/**
 * What the sign-in page may say after a redirect. Redirects carry a key (`/login?error=state`),
 * never text: a link anyone can craft must not be able to put words of its own on our sign-in page.
 */
export const SIGN_IN_MESSAGES = {
  denied: "You cancelled the LinkedIn sign-in. Sign in with your password, or try LinkedIn again.",
  state: "The LinkedIn sign-in expired or came from another tab. Please try again.",
  failed: "LinkedIn sign-in did not complete. Please try again.",
  rejected: "LinkedIn did not accept the sign-in. Please try again.",
  profile: "LinkedIn did not return your profile. Please try again.",
  no_email: "LinkedIn returned a profile without an e-mail address.",
  unverified:
    "Your LinkedIn e-mail address is not verified, so it cannot sign you in. Verify it on LinkedIn, or sign in with your password.",
  not_company: "That LinkedIn e-mail is not a company address. Ask your admin for an invitation.",
  deactivated: "This account has been deactivated. Ask your admin to restore it.",
  unavailable: "Sign in with LinkedIn is not set up on this server. Sign in with your e-mail and password.",
  privileged: "This account can be linked to LinkedIn only with its password. Sign in the way you usually do.",
  link_expired: "The LinkedIn link request expired. Sign in with LinkedIn again to link it.",
} as const;

export type SignInMessageKey = keyof typeof SIGN_IN_MESSAGES;

export function isSignInMessageKey(key: string | null | undefined): key is SignInMessageKey {
  return typeof key === "string" && Object.hasOwn(SIGN_IN_MESSAGES, key);
}

/** The text for a key from the URL; an unknown key gets the generic message, never its own text. */
export function signInMessage(key: string | null | undefined): string | null {
  if (!key) return null;
  return isSignInMessageKey(key) ? SIGN_IN_MESSAGES[key] : SIGN_IN_MESSAGES.failed;
}
