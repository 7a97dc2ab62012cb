/* SHA-256 (FIPS 180-4) of the bytes of an evidence file, for the 填报 page.
 *
 * The portal is served over plain http on an intranet, where browsers do not offer
 * crypto.subtle; this small implementation gives the same hex digest as `ysxt hash` and
 * `sha256sum`. Usage: ysxtSha256(new Uint8Array(arrayBuffer)) -> "64 hex digits".
 */
(function (global) {
  "use strict";

  // First 32 bits of the fractional parts of the cube roots of the first 64 primes.
  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];
  // First 32 bits of the fractional parts of the square roots of the first 8 primes.
  var H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

  function rotr(x, n) {
    return (x >>> n) | (x << (32 - n));
  }

  // One 64-byte block of `bytes` at `offset` into the state `h`, using the schedule `w`.
  function block(h, w, bytes, offset) {
    var i, s0, s1;
    for (i = 0; i < 16; i++) {
      var j = offset + i * 4;
      w[i] = ((bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3]) >>> 0;
    }
    for (i = 16; i < 64; i++) {
      s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (i = 0; i < 64; i++) {
      var t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
      var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      k = g; g = f; f = e; e = (d + t1) >>> 0;
      d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    h[0] = (h[0] + a) >>> 0; h[1] = (h[1] + b) >>> 0; h[2] = (h[2] + c) >>> 0; h[3] = (h[3] + d) >>> 0;
    h[4] = (h[4] + e) >>> 0; h[5] = (h[5] + f) >>> 0; h[6] = (h[6] + g) >>> 0; h[7] = (h[7] + k) >>> 0;
  }

  function sha256(bytes) {
    var h = H0.slice();
    var w = new Array(64);
    var n = bytes.length;
    var whole = n - (n % 64);
    for (var off = 0; off < whole; off += 64) {
      block(h, w, bytes, off);
    }
    // the rest, a 1 bit, zeros, and the length in bits as a 64-bit big-endian number
    var rest = n - whole;
    var tail = new Uint8Array(rest < 56 ? 64 : 128);
    for (var i = 0; i < rest; i++) {
      tail[i] = bytes[whole + i];
    }
    tail[rest] = 0x80;
    var high = Math.floor(n / 0x20000000); // n * 8 / 2^32
    var low = (n * 8) >>> 0;
    var end = tail.length;
    tail[end - 8] = (high >>> 24) & 0xff; tail[end - 7] = (high >>> 16) & 0xff;
    tail[end - 6] = (high >>> 8) & 0xff; tail[end - 5] = high & 0xff;
    tail[end - 4] = (low >>> 24) & 0xff; tail[end - 3] = (low >>> 16) & 0xff;
    tail[end - 2] = (low >>> 8) & 0xff; tail[end - 1] = low & 0xff;
    for (off = 0; off < end; off += 64) {
      block(h, w, tail, off);
    }
    var hex = "";
    for (i = 0; i < 8; i++) {
      hex += ("00000000" + h[i].toString(16)).slice(-8);
    }
    return hex;
  }

  global.ysxtSha256 = sha256;
})(window);
