package io.ppml.smpc;

import io.ppml.smpc.SmpcDtos.ReconstructRequest;
import io.ppml.smpc.SmpcDtos.ReconstructResponse;
import io.ppml.smpc.SmpcDtos.SplitRequest;
import io.ppml.smpc.SmpcDtos.SplitResponse;
import io.ppml.web.ProblemCode;
import io.ppml.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Secure multi-party computation", description = "Split values into shares and reconstruct totals "
        + "(sessions are not built yet)")
@RestController
@RequestMapping("/v1/smpc")
class SmpcController {

    private final SmpcService smpc;

    SmpcController(SmpcService smpc) {
        this.smpc = smpc;
    }

    @Operation(summary = "Split values into one share per node (for a contributor's own node)",
            description = "Reals become fixed point round(x·2^fractionBits) mod q (the P-256 group order), negatives "
                    + "q − |x|; with PEDERSEN the shares are blinded and the commitments returned.")
    @PostMapping("/split")
    SplitResponse split(@Valid @RequestBody SplitRequest request) {
        return smpc.split(request);
    }

    @Operation(summary = "Reconstruct the total from the nodes' aggregate shares",
            description = "Stateless. Differing checksums answer 409; with aggregateCommitments, a part or a total "
                    + "that does not open them (a tampering node) answers 409 too.")
    @ProblemResponses(ProblemCode.CONFLICT)
    @PostMapping("/reconstruct")
    ReconstructResponse reconstruct(@Valid @RequestBody ReconstructRequest request) {
        return smpc.reconstruct(request);
    }
}
