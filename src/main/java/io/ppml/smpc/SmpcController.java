package io.ppml.smpc;

import io.ppml.smpc.SmpcDtos.CloseResponse;
import io.ppml.smpc.SmpcDtos.ReconstructRequest;
import io.ppml.smpc.SmpcDtos.ReconstructResponse;
import io.ppml.smpc.SmpcDtos.SessionRequest;
import io.ppml.smpc.SmpcDtos.SessionView;
import io.ppml.smpc.SmpcDtos.SplitRequest;
import io.ppml.smpc.SmpcDtos.SplitResponse;
import io.ppml.smpc.SmpcDtos.SubmitShareRequest;
import io.ppml.smpc.SmpcDtos.SubmitShareResponse;
import io.ppml.tenant.Caller;
import io.ppml.web.ApiTags;
import io.ppml.web.ProblemCode;
import io.ppml.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = ApiTags.SMPC)
@RestController
@RequestMapping("/v1/smpc")
class SmpcController {

    private final SmpcService smpc;

    SmpcController(SmpcService smpc) {
        this.smpc = smpc;
    }

    @Operation(operationId = "createSmpcSession",
            summary = "Create this node's part of a session (idempotent; the same configuration on every node)",
            description = "Idempotent: the same configuration again returns the session; another configuration "
                    + "under the "
                    + "same id is a 409. Create the session with the same configuration on every node (only partyIndex "
                    + "and contributorsPerKey differ); configHash, equal on all nodes, lets contributors check that.")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.CONFLICT})
    @PreAuthorize("hasRole('OWNER')")
    @PutMapping("/sessions/{sessionId}")
    SessionView put(@AuthenticationPrincipal Caller caller, @PathVariable String sessionId,
            @Valid @RequestBody SessionRequest request) {
        return smpc.put(caller.tenantId(), sessionId, request);
    }

    @Operation(operationId = "getSmpcSession", summary = "A session's status, contributors and checksum",
            description = "Any key of the tenant. Shows the session's configuration, its status (OPEN or CLOSED; "
                    + "past its deadline it takes no more shares), "
                    + "how many contributors were accepted and the checksum of their submission ids, which must be "
                    + "equal on every node before their aggregate shares are combined.")
    @ProblemResponses(ProblemCode.NOT_FOUND)
    @GetMapping("/sessions/{sessionId}")
    SessionView get(@AuthenticationPrincipal Caller caller, @PathVariable String sessionId) {
        return smpc.get(caller.tenantId(), sessionId);
    }

    @Operation(operationId = "submitShare", summary = "Submit this node's share of a contribution",
            description = "A contributorId belongs to the API key that first submits for it in the session; one "
                    + "key submits for at most the session's contributorsPerKey contributors (403 beyond, or as "
                    + "another key's contributor). The same submissionId with the same contributorId and body is a "
                    + "replay (the first answer again); with another contributorId or body, 409. A second "
                    + "submission of a contributor, or one after close or deadline, answers 409; with PEDERSEN the "
                    + "share is verified (400 if it does not open the commitments).")
    @ApiResponse(responseCode = "202", description = "Accepted (or, for the same submissionId again, the first "
            + "answer again)")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND, ProblemCode.CONFLICT})
    @PreAuthorize("hasRole('CONTRIBUTOR')")
    @PostMapping("/sessions/{sessionId}/shares")
    ResponseEntity<SubmitShareResponse> submit(@AuthenticationPrincipal Caller caller, @PathVariable String sessionId,
            @Valid @RequestBody SubmitShareRequest request) {
        return ResponseEntity.accepted().body(smpc.submit(caller.tenantId(), caller.keyId(), sessionId,
                request));
    }

    @Operation(operationId = "closeSmpcSession",
            summary = "Close and release this node's aggregate share (once; again returns the same)",
            description = "Refused (409) below minContributors. Otherwise the session takes no more shares and "
                    + "this node's "
                    + "aggregate share is returned — the sum of every accepted share, never a single one. Closing "
                    + "again returns the same answer.")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND, ProblemCode.CONFLICT})
    @PreAuthorize("hasRole('OWNER')")
    @PostMapping("/sessions/{sessionId}/close")
    CloseResponse close(@AuthenticationPrincipal Caller caller, @PathVariable String sessionId) {
        return smpc.close(caller.tenantId(), sessionId);
    }

    @Operation(operationId = "splitSecret",
            summary = "Split values into one share per node (for a contributor's own node)",
            description = "Reals become fixed point round(x·2^fractionBits) mod q (the P-256 group order), negatives "
                    + "q − |x|; with PEDERSEN the shares are blinded and the commitments returned.")
    @PostMapping("/split")
    SplitResponse split(@Valid @RequestBody SplitRequest request) {
        return smpc.split(request);
    }

    @Operation(operationId = "reconstructSecret", summary = "Reconstruct the total from the nodes' aggregate shares",
            description = "Stateless. Differing checksums answer 409; with aggregateCommitments, a part or a total "
                    + "that does not open them (a tampering node) answers 409 too.")
    @ProblemResponses(ProblemCode.CONFLICT)
    @PostMapping("/reconstruct")
    ReconstructResponse reconstruct(@Valid @RequestBody ReconstructRequest request) {
        return smpc.reconstruct(request);
    }
}
