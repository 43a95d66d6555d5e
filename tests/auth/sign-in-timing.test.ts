import { verify } from "@node-rs/argon2";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { signInWithPassword } from "~/domain/auth.server";
import { createUser } from "../helpers/factories";
import { useTestDb } from "../helpers/test-db";
import type * as Argon2 from "@node-rs/argon2";

// The real Argon2, watched: every verification the sign-in does is seen here.
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof Argon2>();
  return { ...real, verify: vi.fn(real.verify) };
});

describe("an unknown e-mail costs one Argon2 verification, like a known one", () => {
  const t = useTestDb();
  const verifications = vi.mocked(verify);
  // A block body: a function returned from beforeEach would be called as its teardown.
  beforeEach(() => {
    verifications.mockClear();
  });

  it("verifies the password against a stand-in hash when no one has the address", async () => {
    const result = await signInWithPassword(t.db, { email: "nobody@acme.test", password: "guess", ip: "192.0.2.1" });
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    expect(verifications).toHaveBeenCalledTimes(1);
    const [hash, password] = verifications.mock.calls[0]!;
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(password).toBe("guess");
  });

  it("does the same for an account that has no password (signed up with LinkedIn)", async () => {
    await createUser(t.db, { email: "linkedin.only@acme.test" });
    const result = await signInWithPassword(t.db, {
      email: "linkedin.only@acme.test",
      password: "guess",
      ip: "192.0.2.2",
    });
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    expect(verifications).toHaveBeenCalledTimes(1);
  });

  it("verifies a known address's password once, against its own hash", async () => {
    const user = await createUser(t.db, { email: "known@acme.test", password: "right-password" });
    verifications.mockClear();
    await signInWithPassword(t.db, { email: "known@acme.test", password: "wrong", ip: "192.0.2.3" });
    expect(verifications).toHaveBeenCalledTimes(1);
    expect(verifications.mock.calls[0]![0]).toBe(user.passwordHash);
  });
});
