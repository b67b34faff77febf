package io.ppml.smpc;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.ppml.crypto.Aead;
import io.ppml.crypto.MasterKey;
import io.ppml.smpc.core.Share;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a submitted share rests in the database: its values and blinding as JSON, sealed with AES-256-GCM under a key
 * derived from the master key for this purpose, with tenant, session and submissionId as associated data — so a
 * sealed share copied to another row, session or tenant does not open.
 */
@Component
class ShareSeal {

    private final Aead aead;
    private final JsonMapper json;

    ShareSeal(MasterKey masterKey, JsonMapper json) {
        this.aead = masterKey.aead("smpc-shares");
        this.json = json;
    }

    /** The share as stored: Base64 of the sealed JSON. */
    String seal(UUID tenantId, String sessionId, String submissionId, Share share) {
        byte[] plain = json.writeValueAsBytes(new Stored(SmpcWire.decimals(share.values()),
                share.blinding() == null ? null : share.blinding().toString()));
        return Base64.getEncoder().encodeToString(aead.encrypt(plain,
                associatedData(tenantId, sessionId, submissionId)));
    }

    /** The stored share of {@code submissionId} as this node's share of {@code session}. */
    Share unseal(UUID tenantId, SmpcSession session, String submissionId, String sealed) {
        Stored stored = json.readValue(aead.decrypt(Base64.getDecoder().decode(sealed),
                associatedData(tenantId, session.sessionId(), submissionId)), Stored.class);
        return new Share(session.shareBinding(), session.partyIndex(),
                stored.share().stream().map(BigInteger::new).toArray(BigInteger[]::new),
                stored.blinding() == null ? null : new BigInteger(stored.blinding()));
    }

    private static byte[] associatedData(UUID tenantId, String sessionId, String submissionId) {
        return ("smpc-share\0" + tenantId + "\0" + sessionId + "\0" + submissionId).getBytes(StandardCharsets.UTF_8);
    }

    private record Stored(List<String> share, @Nullable String blinding) {
    }
}
