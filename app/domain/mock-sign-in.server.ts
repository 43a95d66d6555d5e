import { z } from "zod";

/**
 * The authorization code the mock-mode consent pages hand to a callback (MOCKS=true only): the profile the
 * mocked provider will vouch for, carried in the code itself as `mock_<base64url(JSON {email, name,
 * emailVerified?})>`. The consent pages (app/routes/*.mock.tsx) write it; the msw handlers in mocks/ read it
 * back at the token and userinfo endpoints. Pure code, no msw: app code may import it.
 */
export interface MockLinkedInProfile {
  email: string;
  name: string;
  emailVerified?: boolean;
}

const PREFIX = "mock_";
const profileSchema = z.object({ email: z.string(), name: z.string(), emailVerified: z.boolean().optional() });

export function mockLinkedInCode(profile: MockLinkedInProfile): string {
  return `${PREFIX}${Buffer.from(JSON.stringify(profile)).toString("base64url")}`;
}

/** The profile a mock code (or the access token the mock token endpoint made of it) carries, or null. */
export function mockLinkedInProfile(code: string): MockLinkedInProfile | null {
  if (!code.startsWith(PREFIX)) return null;
  try {
    const parsed = profileSchema.safeParse(
      JSON.parse(Buffer.from(code.slice(PREFIX.length), "base64url").toString("utf8")),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
