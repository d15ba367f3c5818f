// Curve25519 (RFC 7748) u-coordinates: every u in F_p (p = 2^255 - 19) is the x-coordinate of
// a point either on the curve or on its quadratic twist, and the X25519 function accepts
// both. Which side a u is on is public (anyone can compute it) and survives any scalar
// multiplication, so a protocol that must not reveal a bit per element (ECDH-PSI's x25519
// group, docs/psi.md) hashes only onto the curve. IsOnCurve25519 tells the side: true iff
// u^3 + 486662 u^2 + u is a non-zero square mod p (its Legendre symbol, computed with GMP).
// Not constant time (the caller's input is a hash, and the count of retries is what leaks).
#pragma once

#include <cstdint>

namespace cleanroom {

// `u`: 32 bytes little-endian, the top bit ignored (as X25519 does), reduced mod p.
// False for the twist and for the few u with u^3 + 486662 u^2 + u = 0 (points of order 2).
bool IsOnCurve25519(const uint8_t u[32]);

}  // namespace cleanroom
