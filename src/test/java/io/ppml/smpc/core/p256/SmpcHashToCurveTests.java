package io.ppml.smpc.core.p256;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9380 hash-to-curve against the RFC's own test vectors. */
class SmpcHashToCurveTests {

    private static final byte[] SUITE_DST = bytes("QUUX-V01-CS02-with-P256_XMD:SHA-256_SSWU_RO_");
    private static final byte[] EXPANDER_DST = bytes("QUUX-V01-CS02-with-expander-SHA256-128");
    private static final String Q128 = "q128_" + "q".repeat(128);
    private static final String A512 = "a512_" + "a".repeat(512);

    /** RFC 9380 Appendix J.1.1, P256_XMD:SHA-256_SSWU_RO_: msg, P.x, P.y, u[0], u[1]. */
    @ParameterizedTest
    @CsvSource({
        "'', 2c15230b26dbc6fc9a37051158c95b79656e17a1a920b11394ca91c44247d3e4, "
                + "8a7a74985cc5c776cdfe4b1f19884970453912e9d31528c060be9ab5c43e8415, "
                + "ad5342c66a6dd0ff080df1da0ea1c04b96e0330dd89406465eeba11582515009, "
                + "8c0f1d43204bd6f6ea70ae8013070a1518b43873bcd850aafa0a9e220e2eea5a",
        "abc, 0bb8b87485551aa43ed54f009230450b492fead5f1cc91658775dac4a3388a0f, "
                + "5c41b3d0731a27a7b14bc0bf0ccded2d8751f83493404c84a88e71ffd424212e, "
                + "afe47f2ea2b10465cc26ac403194dfb68b7f5ee865cda61e9f3e07a537220af1, "
                + "379a27833b0bfe6f7bdca08e1e83c760bf9a338ab335542704edcd69ce9e46e0",
        "abcdef0123456789, 65038ac8f2b1def042a5df0b33b1f4eca6bff7cb0f9c6c1526811864e544ed80, "
                + "cad44d40a656e7aff4002a8de287abc8ae0482b5ae825822bb870d6df9b56ca3, "
                + "0fad9d125a9477d55cf9357105b0eb3a5c4259809bf87180aa01d651f53d312c, "
                + "b68597377392cd3419d8fcc7d7660948c8403b19ea78bbca4b133c9d2196c0fb",
        "Q128, 4be61ee205094282ba8a2042bcb48d88dfbb609301c49aa8b078533dc65a0b5d, "
                + "98f8df449a072c4721d241a3b1236d3caccba603f916ca680f4539d2bfb3c29e, "
                + "3bbc30446f39a7befad080f4d5f32ed116b9534626993d2cc5033f6f8d805919, "
                + "76bb02db019ca9d3c1e02f0c17f8baf617bbdae5c393a81d9ce11e3be1bf1d33",
        "A512, 457ae2981f70ca85d8e24c308b14db22f3e3862c5ea0f652ca38b5e49cd64bc5, "
                + "ecb9f0eadc9aeed232dabc53235368c1394c78de05dd96893eefa62b0f4757dc, "
                + "4ebc95a6e839b1ae3c63b847798e85cb3c12d3817ec6ebc10af6ee51adb29fec, "
                + "4e21af88e22ea80156aff790750121035b3eefaa96b425a8716e0d20b4e269ee",
    })
    void hashToCurveMatchesRfc9380TestVectors(String message, String px, String py, String u0, String u1) {
        byte[] msg = bytes(message.equals("Q128") ? Q128 : message.equals("A512") ? A512 : message);
        BigInteger[] u = HashToCurve.hashToField(msg, SUITE_DST, 2);
        assertThat(u[0]).isEqualTo(new BigInteger(u0, 16));
        assertThat(u[1]).isEqualTo(new BigInteger(u1, 16));
        ECPoint p = HashToCurve.hashToCurve(msg, SUITE_DST);
        assertThat(p.getAffineXCoord().toBigInteger()).isEqualTo(new BigInteger(px, 16));
        assertThat(p.getAffineYCoord().toBigInteger()).isEqualTo(new BigInteger(py, 16));
    }

    /** RFC 9380 Appendix J.1.1, the intermediate points Q0 = map_to_curve(u[0]) and Q1 for msg = "". */
    @Test
    void simplifiedSwuMapMatchesRfc9380IntermediatePoints() {
        ECPoint q0 = HashToCurve.mapToCurve(
                new BigInteger("ad5342c66a6dd0ff080df1da0ea1c04b96e0330dd89406465eeba11582515009", 16));
        assertThat(q0.getAffineXCoord().toBigInteger()).isEqualTo(
                new BigInteger("ab640a12220d3ff283510ff3f4b1953d09fad35795140b1c5d64f313967934d5", 16));
        assertThat(q0.getAffineYCoord().toBigInteger()).isEqualTo(
                new BigInteger("dccb558863804a881d4fff3455716c836cef230e5209594ddd33d85c565b19b1", 16));
        ECPoint q1 = HashToCurve.mapToCurve(
                new BigInteger("8c0f1d43204bd6f6ea70ae8013070a1518b43873bcd850aafa0a9e220e2eea5a", 16));
        assertThat(q1.getAffineXCoord().toBigInteger()).isEqualTo(
                new BigInteger("51cce63c50d972a6e51c61334f0f4875c9ac1cd2d3238412f84e31da7d980ef5", 16));
        assertThat(q1.getAffineYCoord().toBigInteger()).isEqualTo(
                new BigInteger("b45d1a36d00ad90e5ec7840a60a4de411917fbe7c82c3949a6e699e5a1b66aac", 16));
    }

    /** RFC 9380 Appendix K.1, expand_message_xmd(SHA-256). */
    @ParameterizedTest
    @CsvSource({
        "'', 32, 68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235",
        "abc, 32, d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615",
        "abcdef0123456789, 32, eff31487c770a893cfb36f912fbfcbff40d5661771ca4b2cb4eafe524333f5c1",
        "Q128, 32, b23a1d2b4d97b2ef7785562a7e8bac7eed54ed6e97e29aa51bfe3f12ddad1ff9",
        "A512, 32, 4623227bcc01293b8c130bf771da8c298dede7383243dc0993d2d94823958c4c",
        "'', 128, af84c27ccfd45d41914fdff5df25293e221afc53d8ad2ac06d5e3e29485dadbee0d121587713a3e0dd4d5e69e93eb7cd4f5df4"
                + "cd103e188cf60cb02edc3edf18eda8576c412b18ffb658e3dd6ec849469b979d444cf7b26911a08e63cf31f9dcc541708d3491184"
                + "472c2c29bb749d4286b004ceb5ee6b9a7fa5b646c993f0ced",
        "abc, 128, abba86a6129e366fc877aab32fc4ffc70120d8996c88aee2fe4b32d6c7b6437a647e6c3163d40b76a73cf6a5674ef1d890f9"
                + "5b664ee0afa5359a5c4e07985635bbecbac65d747d3d2da7ec2b8221b17b0ca9dc8a1ac1c07ea6a1e60583e2cb00058e77b7b72a2"
                + "98425cd1b941ad4ec65e8afc50303a22c0f99b0509b4c895f40",
        "A512, 128, 546aff5444b5b79aa6148bd81728704c32decb73a3ba76e9e75885cad9def1d06d6792f8a7d12794e90efed817d96920d72"
                + "8896a4510864370c207f99bd4a608ea121700ef01ed879745ee3e4ceef777eda6d9e5e38b90c86ea6fb0b36504ba4a45d22e86f6d"
                + "b5dd43d98a294bebb9125d5b794e9d2a81181066eb954966a487",
    })
    void expandMessageXmdMatchesRfc9380TestVectors(String message, int length, String expected) {
        byte[] msg = bytes(message.equals("Q128") ? Q128 : message.equals("A512") ? A512 : message);
        assertThat(HexFormat.of().formatHex(HashToCurve.expandMessageXmd(msg, EXPANDER_DST, length)))
                .isEqualTo(expected);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
