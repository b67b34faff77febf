package io.ppml.fl;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.ppml.crypto.Aead;
import io.ppml.crypto.MasterKey;
import org.springframework.stereotype.Component;

/**
 * How a client's update rests in the database: its float32 bytes sealed with AES-256-GCM under a key derived from
 * the master key for this purpose, with tenant, task, round and client as associated data — an update copied to
 * another row, round, task or tenant does not open. Updates can reveal a client's training data (gradient inversion),
 * so they are kept no longer than their round and never in the clear.
 */
@Component
class UpdateSeal {

    private final Aead aead;

    UpdateSeal(MasterKey masterKey) {
        this.aead = masterKey.aead("fl-updates");
    }

    byte[] seal(UUID tenantId, UUID taskId, int round, String clientId, byte[] float32) {
        return aead.encrypt(float32, associatedData(tenantId, taskId, round, clientId));
    }

    byte[] unseal(UUID tenantId, FlUpdate update) {
        return aead.decrypt(update.sealedDelta(), associatedData(tenantId, update.taskId(), update.round(),
                update.clientId()));
    }

    private static byte[] associatedData(UUID tenantId, UUID taskId, int round, String clientId) {
        return ("fl-update\0" + tenantId + "\0" + taskId + "\0" + round + "\0" + clientId)
                .getBytes(StandardCharsets.UTF_8);
    }
}
