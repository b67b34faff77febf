package io.ppml.smpc;

import io.ppml.refusal.Refusal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.ppml.smpc.SmpcDtos.Part;
import io.ppml.smpc.SmpcDtos.ReconstructRequest;
import io.ppml.smpc.SmpcDtos.ReconstructResponse;
import io.ppml.smpc.SmpcDtos.ShareDto;
import io.ppml.smpc.SmpcDtos.SplitRequest;
import io.ppml.smpc.SmpcDtos.SplitResponse;
import io.ppml.smpc.core.Commitment;
import io.ppml.smpc.core.Dealing;
import io.ppml.smpc.core.FixedPoint;
import io.ppml.smpc.core.Scheme;
import io.ppml.smpc.core.SecretSharing;
import io.ppml.smpc.core.Share;
import io.ppml.smpc.core.Verification;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The stateless SMPC operations. {@code split} runs on a contributor's own node (it sees the contributor's values:
 * the point of running it there). {@code reconstruct} combines the aggregate shares the nodes released at close;
 * it refuses parts whose checksums differ (409: the nodes did not aggregate the same submissions) and, with the
 * aggregate commitments, a part or a total that does not open them (409: a node tampered with its share).
 */
@Service
class SmpcService {

    /** Shares from this endpoint belong to no stored session; the binding only keeps them from mixing in memory. */
    private static final String STATELESS = "stateless";

    SplitResponse split(SplitRequest request) {
        SecretSharing sharing = sharing(request.scheme(), request.parties(), request.threshold());
        FixedPoint fixed = new FixedPoint(request.fractionBits());
        double[] values = request.values().stream().mapToDouble(Double::doubleValue).toArray();
        Dealing dealing = SmpcWire.tamperingAs409(() -> sharing.split(STATELESS, fixed.encodeAll(values),
                request.verification()));
        List<ShareDto> shares = new ArrayList<>();
        for (Share share : dealing.shares()) {
            shares.add(new ShareDto(share.partyIndex(), SmpcWire.decimals(share.values()),
                    share.blinding() == null ? null : share.blinding().toString()));
        }
        List<String> commitments = request.verification() == Verification.PEDERSEN
                ? dealing.commitments().stream().map(Commitment::toHex).toList() : null;
        return new SplitResponse(shares, commitments);
    }

    ReconstructResponse reconstruct(ReconstructRequest request) {
        Set<String> checksums = new HashSet<>();
        request.parts().forEach(part -> checksums.add(part.checksum()));
        if (checksums.size() > 1) {
            throw Refusal.conflict("The parts' checksums differ: the nodes did not aggregate the same "
                    + "set of submissions, so their shares do not belong together.");
        }
        // the request names no party count: additive sharing needs every part, Shamir any t of at least that many
        int highestIndex = request.parts().stream().mapToInt(Part::partyIndex).max().orElse(0);
        SecretSharing sharing = request.scheme() == Scheme.ADDITIVE
                ? sharing(Scheme.ADDITIVE, request.parts().size(), request.threshold())
                : sharing(Scheme.SHAMIR, Math.max(highestIndex, request.threshold() == null ? 0
                        : request.threshold()), request.threshold());
        List<Share> parts = new ArrayList<>();
        for (int k = 0; k < request.parts().size(); k++) {
            Part part = request.parts().get(k);
            String field = "parts[" + k + "]";
            BigInteger[] values = SmpcWire.elements(part.aggregateShare(), field + ".aggregateShare");
            BigInteger blinding = part.aggregateBlinding() == null ? null
                    : SmpcWire.element(part.aggregateBlinding(), field + ".aggregateBlinding");
            parts.add(SmpcWire.refusedAs400(() -> new Share(STATELESS, part.partyIndex(), values, blinding)));
        }
        BigInteger[] total;
        boolean verified = request.aggregateCommitments() != null;
        if (verified) {
            List<Commitment> commitments = SmpcWire.commitments(request.aggregateCommitments(),
                    "aggregateCommitments");
            total = SmpcWire.tamperingAs409(() -> sharing.reconstruct(parts, commitments));
        } else {
            total = SmpcWire.tamperingAs409(() -> sharing.reconstruct(parts));
        }
        FixedPoint fixed = new FixedPoint(request.fractionBits());
        List<Double> values = new ArrayList<>();
        for (int j = 0; j < total.length; j++) {
            String field = "values[" + j + "]";
            BigInteger element = total[j];
            values.add(SmpcWire.tamperingAs409(() -> fixed.decode(element, field)));
        }
        return new ReconstructResponse(values, verified);
    }

    private static SecretSharing sharing(Scheme scheme, int parties, @Nullable Integer threshold) {
        if (scheme == Scheme.ADDITIVE && threshold != null && threshold != parties) {
            throw Refusal.invalid("threshold", "ADDITIVE sharing needs every party; leave threshold out");
        }
        if (scheme == Scheme.SHAMIR && threshold == null) {
            throw Refusal.invalid("threshold", "is required for SHAMIR");
        }
        int t = threshold == null ? parties : threshold;
        return SmpcWire.tamperingAs409(() -> SecretSharing.of(scheme, parties, t));
    }
}
