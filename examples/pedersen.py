"""Pedersen vector commitments on NIST P-256, as ppml-service checks them — Python standard library only.

A contributor that splits its own input (examples/smpc_shares.py) commits to its shares so that every aggregator node
can check the share it receives, and the collector can check the total (DESIGN §7, README "Verification"):

    C = sum_j x_j * G_j + r * H          (Pedersen 1991; the vector form of Bulletproofs, Buenz et al. 2018, §2.1)

The generators are hashed to the curve with RFC 9380, suite P256_XMD:SHA-256_SSWU_RO_, under the domain separation
tag "ppml-service-V01-with-P256_XMD:SHA-256_SSWU_RO_":

    H   = hash_to_curve("ppml-service/pedersen/H/v1")
    G_j = hash_to_curve("ppml-service/pedersen/G/v1/" || I2OSP(j, 4))      for coordinate j = 0, 1, ...

so nobody knows a discrete-log relation between them. Commitments travel as compressed SEC1 points in lower-case
hex (02 or 03, then x in 32 bytes big-endian).

This is reference code for public inputs: affine arithmetic with Python integers, not constant-time. The blindings
and shares it multiplies are secret, so a real client should use a constant-time library; here the point is to
show, in a page, exactly what the service checks. `python3 examples/pedersen.py` checks the hash-to-curve against
RFC 9380's test vectors.
"""
import hashlib
import secrets

# NIST P-256 (FIPS 186-5 / SEC 2 secp256r1): y^2 = x^3 - 3x + b over F_p, a group of prime order q, cofactor 1.
P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
A = P - 3
B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
Q = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551

SUITE = "P256_XMD:SHA-256_SSWU_RO_"
DST = ("ppml-service-V01-with-" + SUITE).encode("ascii")
H_MESSAGE = b"ppml-service/pedersen/H/v1"
G_MESSAGE_PREFIX = b"ppml-service/pedersen/G/v1/"

INFINITY = None  # the neutral element; every other point is a tuple (x, y)


def add(p1, p2):
    """The group law in affine coordinates."""
    if p1 is INFINITY:
        return p2
    if p2 is INFINITY:
        return p1
    (x1, y1), (x2, y2) = p1, p2
    if x1 == x2:
        if (y1 + y2) % P == 0:
            return INFINITY
        slope = (3 * x1 * x1 + A) * pow(2 * y1, -1, P) % P
    else:
        slope = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (slope * slope - x1 - x2) % P
    return x3, (slope * (x1 - x3) - y1) % P


def multiply(k, point):
    """k * point, by double-and-add over the bits of k mod q."""
    result, addend = INFINITY, point
    k %= Q
    while k:
        if k & 1:
            result = add(result, addend)
        addend = add(addend, addend)
        k >>= 1
    return result


def encode(point):
    """Compressed SEC1 encoding (SEC 1 v2 §2.3.3), lower-case hex: what the service reads and writes."""
    if point is INFINITY:
        raise ValueError("the point at infinity has no encoding")
    x, y = point
    return ("03" if y & 1 else "02") + x.to_bytes(32, "big").hex()


def decode(text):
    """The point of a compressed hex encoding, checked to lie on the curve."""
    raw = bytes.fromhex(text)
    if len(raw) != 33 or raw[0] not in (2, 3):
        raise ValueError("not a compressed P-256 point: %s" % text)
    x = int.from_bytes(raw[1:], "big")
    y = _sqrt((x * x * x + A * x + B) % P)
    if y is None or x >= P:
        raise ValueError("not on P-256: %s" % text)
    return x, (y if y & 1 == raw[0] & 1 else P - y)


# --- RFC 9380: hash_to_curve for P256_XMD:SHA-256_SSWU_RO_ ------------------------------------------------------

def expand_message_xmd(message, dst, length):
    """RFC 9380 §5.3.1 with SHA-256 (b_in_bytes 32, s_in_bytes 64)."""
    ell = -(-length // 32)
    if ell > 255 or length > 65535 or len(dst) > 255:
        raise ValueError("expand_message_xmd: length or DST out of range")
    dst_prime = dst + bytes([len(dst)])
    b0 = hashlib.sha256(bytes(64) + message + length.to_bytes(2, "big") + b"\0" + dst_prime).digest()
    blocks, previous = [], bytes(32)
    for i in range(1, ell + 1):
        previous = hashlib.sha256(bytes(a ^ b for a, b in zip(b0, previous)) + bytes([i]) + dst_prime).digest()
        blocks.append(previous)
    return b"".join(blocks)[:length]


def hash_to_field(message, dst, count):
    """RFC 9380 §5.2 for P-256: L = 48 bytes per element (ceil((256 + 128) / 8))."""
    uniform = expand_message_xmd(message, dst, 48 * count)
    return [int.from_bytes(uniform[48 * i:48 * (i + 1)], "big") % P for i in range(count)]


def _sqrt(value):
    """A square root mod p (p = 3 mod 4, so value^((p+1)/4)), or None when value is not a square."""
    root = pow(value, (P + 1) // 4, P)
    return root if root * root % P == value % P else None


def map_to_curve(u):
    """The simplified Shallue-van de Woestijne-Ulas map (RFC 9380 §6.6.2) with Z = -10 (§8.2)."""
    z = P - 10
    zu2 = z * u * u % P
    denominator = (zu2 * zu2 + zu2) % P
    if denominator == 0:
        x1 = B * pow(z * A, -1, P) % P
    else:
        x1 = (P - B) * pow(A, -1, P) * (1 + pow(denominator, -1, P)) % P
    y = _sqrt((x1 ** 3 + A * x1 + B) % P)
    x = x1
    if y is None:
        x = zu2 * x1 % P
        y = _sqrt((x ** 3 + A * x + B) % P)
    if u & 1 != y & 1:  # sgn0 is the parity for m = 1 (§4.1)
        y = (P - y) % P
    return x, y


def hash_to_curve(message, dst=DST):
    """RFC 9380 §3, the random-oracle construction: map(u0) + map(u1); P-256's cofactor is 1."""
    u0, u1 = hash_to_field(message, dst, 2)
    point = add(map_to_curve(u0), map_to_curve(u1))
    if point is INFINITY:
        raise ValueError("hash_to_curve gave the point at infinity")
    return point


# --- Pedersen commitments -----------------------------------------------------------------------------------------

_H = hash_to_curve(H_MESSAGE)
_G = []


def generator(j):
    """G_j, hashed on first use."""
    while len(_G) <= j:
        _G.append(hash_to_curve(G_MESSAGE_PREFIX + len(_G).to_bytes(4, "big")))
    return _G[j]


def random_scalar():
    """A uniform non-zero element of Z_q (a zero blinding would hide nothing)."""
    return secrets.randbelow(Q - 1) + 1


def commit(values, blinding):
    """sum_j values[j] * G_j + blinding * H, as a point."""
    point = multiply(blinding, _H)
    for j, value in enumerate(values):
        point = add(point, multiply(value, generator(j)))
    return point


def combine(points, weights=None):
    """sum_k weights[k] * points[k] (all weights 1 when left out)."""
    total = INFINITY
    for k, point in enumerate(points):
        total = add(total, point if weights is None else multiply(weights[k], point))
    return total


def _self_test():
    """RFC 9380 Appendix J.1.1 (P256_XMD:SHA-256_SSWU_RO_) and K.1 (expand_message_xmd, SHA-256)."""
    dst = b"QUUX-V01-CS02-with-P256_XMD:SHA-256_SSWU_RO_"
    vectors = {
        b"": ("2c15230b26dbc6fc9a37051158c95b79656e17a1a920b11394ca91c44247d3e4",
              "8a7a74985cc5c776cdfe4b1f19884970453912e9d31528c060be9ab5c43e8415"),
        b"abc": ("0bb8b87485551aa43ed54f009230450b492fead5f1cc91658775dac4a3388a0f",
                 "5c41b3d0731a27a7b14bc0bf0ccded2d8751f83493404c84a88e71ffd424212e"),
        b"q128_" + b"q" * 128: ("4be61ee205094282ba8a2042bcb48d88dfbb609301c49aa8b078533dc65a0b5d",
                                "98f8df449a072c4721d241a3b1236d3caccba603f916ca680f4539d2bfb3c29e"),
    }
    for message, (x, y) in vectors.items():
        assert hash_to_curve(message, dst) == (int(x, 16), int(y, 16)), message
    assert expand_message_xmd(b"abc", b"QUUX-V01-CS02-with-expander-SHA256-128", 32).hex() == \
        "d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615"
    # the group: q * G = infinity for the standard base point, and encode/decode round-trips
    g = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
         0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)
    assert multiply(Q - 1, g) == (g[0], P - g[1]) and add(multiply(Q - 1, g), g) is INFINITY
    assert decode(encode(_H)) == _H and decode(encode(generator(1))) == generator(1)
    print("RFC 9380 test vectors and P-256 checks pass; H = %s" % encode(_H))


if __name__ == "__main__":
    _self_test()
