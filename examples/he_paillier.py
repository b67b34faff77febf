#!/usr/bin/env python3
"""Homomorphic encryption with client-side encryption: the service computes on values it never sees.

    python3 examples/he_paillier.py                     # against http://localhost:8080 (or --base-url / PPML_URL)

The script creates a tenant and a 2048-bit Paillier key on the service, reads the key's public JWK, and encrypts
integers and reals (negative ones too) itself, with python-paillier's encoding and `secrets` randomness — the
plaintexts never leave this process. The service computes their SUM, MEAN and a weighted sum (DOT) on the
ciphertexts, and the OWNER decrypts the results through the service, which alone holds the private key. Each result
is checked to equal the plaintext computation exactly. Then it shows what the service's own /encrypt does (the same
encoding, but the service sees the plaintexts), that no one outside the service can decrypt — not this script, which
has only n, nor a CONTRIBUTOR key (403) — and that `minAggregated` counts only ciphertexts the service issued.

The ciphertexts are python-paillier's (phe): with `pk = phe.paillier.PaillierPublicKey(n)`, `c = pk.encrypt(x)` is
sent as {"v": str(c.ciphertext()), "e": c.exponent}, exactly like the ones made here. To decrypt on your side
instead, make the key pair yourself (phe) and import only its public key (POST /v1/he/keys/import): the service then
computes on it but can never decrypt.
"""
import base64
import math
import secrets
from decimal import Decimal
from fractions import Fraction

import ppml_client

VALUES = [4200, -1350, 87.25, -0.125, 3.14159, 0.001, 2 ** 40, -7.5e-9]
WEIGHTS = [1, 2, 0.5, -3, 10, 1000, 0.25, 1e6]


class PublicKey:
    """A Paillier public key with g = n + 1 (DESIGN §6), as python-paillier's PaillierPublicKey holds it."""

    def __init__(self, jwk):
        # python-paillier's JWK (phe's command-line tool writes it): kty "DAJ", alg "PAI-GN1", n base64url big-endian
        if jwk.get("kty") != "DAJ" or jwk.get("alg") != "PAI-GN1":
            raise ppml_client.Failure("not a python-paillier public key: %s" % jwk)
        self.kid = jwk.get("kid")
        self.n = int.from_bytes(base64.urlsafe_b64decode(jwk["n"] + "=" * (-len(jwk["n"]) % 4)), "big")
        self.n_squared = self.n * self.n
        # phe's guard band: mantissas up to max_int are positive, from n - max_int negative, between is overflow
        self.max_int = self.n // 3 - 1

    def encode(self, value):
        """(mantissa, exponent) with value = mantissa * 16^exponent, as phe's EncodedNumber.encode chooses them.

        phe (BASE = 16, LOG2_BASE = 4, FLOAT_MANTISSA_BITS = 53) gives a Python int the exponent 0, and a float the
        exponent floor((e2 - 53) / 4), where e2 = math.frexp(value)[1], so that 16^exponent is at or just below the
        float's least significant bit; the mantissa is then round(value / 16^exponent), which for a float is exact.
        The service's he.core.EncodedNumber does the same (it reads e2 from the double's bits)."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError("only int and float can be encoded, not %r" % (value,))
        if isinstance(value, int):
            exponent = 0
        else:
            if not math.isfinite(value):
                raise ValueError("only finite numbers can be encrypted")
            exponent = math.floor((math.frexp(value)[1] - 53) / 4)
        mantissa = round(Fraction(value) / Fraction(16) ** exponent)
        if abs(mantissa) > self.max_int:
            raise ValueError("%r needs a mantissa beyond max_int = n/3 - 1" % (value,))
        return mantissa, exponent

    def encrypt(self, value):
        """The ciphertext {"v", "e"} of value: (1 + n)^m * r^n mod n^2, with m = mantissa mod n (negatives n - |m|).

        (1 + n)^m = 1 + m*n (mod n^2) by the binomial theorem, so g^m costs one multiplication; r is uniform in
        [1, n) from `secrets`, as phe draws it from SystemRandom, and r^n hides m (decisional composite residuosity,
        Paillier 1999)."""
        mantissa, exponent = self.encode(value)
        m = mantissa % self.n
        while True:
            r = secrets.randbelow(self.n - 1) + 1
            if math.gcd(r, self.n) == 1:  # any other r would factor n; it never happens in practice
                break
        c = (1 + m * self.n) % self.n_squared * pow(r, self.n, self.n_squared) % self.n_squared
        return {"v": str(c), "e": exponent}


def plain(value):
    """A Decimal written out in full, without trailing zeros or an exponent."""
    text = format(Decimal(value), "f")  # (not normalize(), which rounds to the context's 28 digits)
    return text.rstrip("0").rstrip(".") if "." in text else text


def exact(value):
    """The exact rational value of a number (an int, a float, or the Decimal the service decrypted)."""
    return Fraction(value)


def main():
    args = ppml_client.arguments(__doc__).parse_args()
    owner = ppml_client.new_tenant(args, "he-example", 1.0, 0)

    # 1. The service generates the key pair and keeps the private key sealed; only the public key leaves.
    key = owner.post("/v1/he/keys", {"name": "payroll", "scheme": "PAILLIER", "modulusBits": 2048}, idempotent=True)
    public = PublicKey(key["publicKey"])
    version = key["latestVersion"]
    print("key %s: n has %d bits; mantissas up to max_int = n/3 - 1 (%d bits)"
          % (public.kid, public.n.bit_length(), public.max_int.bit_length()))

    # 2. Encrypt on this side: the service never sees these values.
    print("\nencrypted here (value = mantissa * 16^e):")
    ciphertexts = []
    for value in VALUES:
        mantissa, exponent = public.encode(value)
        ciphertexts.append(public.encrypt(value))
        print("  %-16r e = %4d  mantissa %d" % (value, exponent, mantissa))

    # 3. The service computes on the ciphertexts. Any key can compute; the results are re-randomised.
    def compute(operation, operands=None):
        body = {"key": "payroll", "version": version, "operation": operation, "ciphertexts": ciphertexts}
        if operands is not None:
            body["operands"] = operands
        return owner.post("/v1/he/compute", body)["ciphertext"]

    results = {"SUM": compute("SUM"), "MEAN": compute("MEAN"), "DOT": compute("DOT", WEIGHTS)}
    print("\nthe service computed SUM, MEAN and DOT with the weights %s on the ciphertexts" % WEIGHTS)

    # 4. Only the OWNER decrypts, through the service. Decrypted values are exact decimals (Decimal here).
    decrypted = owner.post("/v1/he/keys/payroll/decrypt",
                           {"version": version, "ciphertexts": list(results.values())}, exact=True,
                           idempotent=True)["values"]
    plain_sum = sum(exact(v) for v in VALUES)
    expected = {
        "SUM": plain_sum,
        # the service's MEAN is the sum times the double nearest 1/k, as phe's EncryptedNumber / k computes it
        "MEAN": plain_sum * exact(1.0 / len(VALUES)),
        "DOT": sum(exact(w) * exact(v) for w, v in zip(WEIGHTS, VALUES)),
    }
    print("decrypted by the OWNER (through the service):")
    for (operation, ciphertext), value in zip(results.items(), decrypted):
        same = exact(value) == expected[operation]
        print("  %-4s = %s (e = %d): %s the plaintext %s"
              % (operation, plain(value), ciphertext["e"], "equal, exactly, to" if same else "DIFFERENT from",
                 operation.lower()))
        if not same:
            raise ppml_client.Failure("the decrypted %s differs from the plaintext %s" % (operation, operation))
    print("  (float arithmetic here would give sum %r: the encoding is exact, the float sum is not)" % sum(VALUES))

    # 5. The service can also encrypt — it then sees the plaintexts. A CONTRIBUTOR key (a data source) may encrypt
    #    and compute but never decrypt.
    contributor = owner.as_key(owner.post("/v1/keys", {"name": "ward-7", "role": "CONTRIBUTOR"},
                                          idempotent=True)["secret"])
    reals = [v for v in VALUES if isinstance(v, float)]
    issued = contributor.post("/v1/he/keys/payroll/encrypt", {"values": reals})["ciphertexts"]
    print("\nencrypted by the service (/encrypt; it sees the plaintexts):")
    for value, ciphertext in zip(reals, issued):
        ours = public.encode(value)[1]
        print("  %-16r e = %4d  (this script's encoding: e = %d)  provenance %s, count %s"
              % (value, ciphertext["e"], ours, ciphertext["provenance"], ciphertext["count"]))
        if ciphertext["e"] != ours:
            raise ppml_client.Failure("the service encoded %r with e = %d, python-paillier with e = %d"
                                      % (value, ciphertext["e"], ours))
    try:
        contributor.post("/v1/he/keys/payroll/decrypt", {"version": version, "ciphertexts": issued[:1]},
                         idempotent=True)
        raise ppml_client.Failure("a CONTRIBUTOR key decrypted")
    except ppml_client.Problem as refused:
        print("  a CONTRIBUTOR key may not decrypt: %d %s (%s)" % (refused.status, refused.code, refused.detail))
    print("  nor can this script: it holds n, and decryption needs the factors of n, which never leave the service")
    print("  (to decrypt on your side, make the key pair yourself and import its public key: /v1/he/keys/import)")

    # 6. minAggregated: the OWNER's guard against decrypting one contributor's value by mistake. It counts only
    #    ciphertexts the service issued (their tag proves it), so a sum of client-made ciphertexts never passes it.
    aggregate = contributor.post("/v1/he/compute", {"key": "payroll", "version": version, "operation": "SUM",
                                                    "ciphertexts": issued})["ciphertext"]
    total = owner.post("/v1/he/keys/payroll/decrypt", {"version": version, "ciphertexts": [aggregate],
                                                       "minAggregated": len(issued)}, exact=True,
                       idempotent=True)["values"][0]
    print("\nthe sum of the service's %d encryptions (AGGREGATE, count %d) decrypts with minAggregated %d: %s"
          % (len(issued), aggregate["count"], len(issued), plain(total)))
    if exact(total) != sum(exact(v) for v in reals):
        raise ppml_client.Failure("the service-encrypted sum is wrong")
    try:
        owner.post("/v1/he/keys/payroll/decrypt", {"version": version, "ciphertexts": [results["SUM"]],
                                                   "minAggregated": 2}, idempotent=True)
        raise ppml_client.Failure("minAggregated accepted a sum of client-made ciphertexts")
    except ppml_client.Problem as refused:
        print("the sum of this script's encryptions does not pass minAggregated: %d %s (%s)"
              % (refused.status, refused.code, refused.detail))


if __name__ == "__main__":
    ppml_client.run(main)
