package io.ppml.fl;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

import io.ppml.fl.FlDtos.CreateTaskRequest;
import io.ppml.fl.FlDtos.ModelView;
import io.ppml.fl.FlDtos.TaskView;
import io.ppml.fl.FlDtos.UpdateAccepted;
import io.ppml.fl.FlDtos.UpdateRequest;
import io.ppml.fl.core.Float32Codec;
import io.ppml.persistence.Idempotency;
import io.ppml.tenant.Caller;
import io.ppml.web.Items;
import io.ppml.web.Paging;
import io.ppml.web.ProblemCode;
import io.ppml.web.ProblemResponses;
import io.ppml.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

@Tag(name = "Federated learning", description = "Tasks whose clients train locally and send model updates; rounds "
        + "aggregated by FEDAVG, MEDIAN or TRIMMED_MEAN, or DP-FedAvg charged to the privacy budget")
@RestController
@RequestMapping("/v1/fl")
class FlController {

    static final String CLIENT_ID_HEADER = "Ppml-Client-Id";
    static final String ROUND_HEADER = "Ppml-Round";
    static final String NUM_EXAMPLES_HEADER = "Ppml-Num-Examples";
    static final String MODEL_VERSION_HEADER = "Ppml-Model-Version";
    static final String MODEL_ROUND_HEADER = "Ppml-Model-Round";

    private final FlService fl;

    FlController(FlService fl) {
        this.fl = fl;
    }

    @Operation(summary = "Create a federated learning task",
            description = "With dp, every round is DP-FedAvg and is charged to the tenant's budget before its model "
                    + "is released; dp needs FEDAVG.")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.CONFLICT, ProblemCode.IDEMPOTENCY_KEY_REUSED})
    @PreAuthorize("hasRole('OWNER')")
    @PostMapping("/tasks")
    ResponseEntity<TaskView> create(@AuthenticationPrincipal Caller caller,
            @Valid @RequestBody CreateTaskRequest request,
            @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String idempotencyKey) {
        var outcome = fl.create(caller, request, idempotencyKey);
        return Responses.created(outcome, "/v1/fl/tasks/" + outcome.response().id());
    }

    @Operation(summary = "The tenant's tasks, newest first, a page at a time")
    @GetMapping("/tasks")
    Items<TaskView> list(@AuthenticationPrincipal Caller caller, Paging paging) {
        return fl.list(caller.tenantId(), paging);
    }

    @Operation(summary = "A task's status, round and privacy spent")
    @ProblemResponses(ProblemCode.NOT_FOUND)
    @GetMapping("/tasks/{taskId}")
    TaskView get(@AuthenticationPrincipal Caller caller, @PathVariable UUID taskId) {
        return fl.get(caller.tenantId(), taskId);
    }

    @Operation(summary = "The current global model as JSON",
            description = "With an ETag of the model version: If-None-Match answers 304 while the model is unchanged. "
                    + "Large models: ask for application/octet-stream (little-endian float32).")
    @ProblemResponses(ProblemCode.NOT_FOUND)
    @GetMapping(path = "/tasks/{taskId}/model", produces = MediaType.APPLICATION_JSON_VALUE)
    @Nullable ResponseEntity<ModelView> model(@AuthenticationPrincipal Caller caller, @PathVariable UUID taskId,
            WebRequest request) {
        if (request.checkNotModified(etag(fl.modelVersion(caller.tenantId(), taskId)))) {
            return null;
        }
        FlService.Model model = fl.model(caller.tenantId(), taskId);
        return ResponseEntity.ok().eTag(etag(model.version()))
                .body(new ModelView(model.taskId(), model.version(), model.round(),
                        Float32Codec.decode(model.float32(), model.float32().length / Float.BYTES, "model")));
    }

    @Operation(summary = "The current global model as little-endian float32",
            description = "Headers Ppml-Model-Version and Ppml-Model-Round say which; ETag and If-None-Match as for "
                    + "JSON.")
    @ProblemResponses(ProblemCode.NOT_FOUND)
    @GetMapping(path = "/tasks/{taskId}/model", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Nullable ResponseEntity<byte[]> modelFloat32(@AuthenticationPrincipal Caller caller, @PathVariable UUID taskId,
            WebRequest request) {
        if (request.checkNotModified(etag(fl.modelVersion(caller.tenantId(), taskId)))) {
            return null;
        }
        FlService.Model model = fl.model(caller.tenantId(), taskId);
        return ResponseEntity.ok().eTag(etag(model.version()))
                .header(MODEL_VERSION_HEADER, String.valueOf(model.version()))
                .header(MODEL_ROUND_HEADER, String.valueOf(model.round()))
                .contentType(MediaType.APPLICATION_OCTET_STREAM).body(model.float32());
    }

    @Operation(summary = "Send a client's update (model delta) for the current round, as JSON",
            description = "202 when accepted. The round aggregates as soon as minClients updates are in. The same "
                    + "update again is a retry (replayed: true); another update from the same client in the same "
                    + "round, a round that is not current, or a task that takes no more updates: 409.")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND, ProblemCode.CONFLICT})
    @PreAuthorize("hasRole('CONTRIBUTOR')")
    @PostMapping(path = "/tasks/{taskId}/updates", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UpdateAccepted> update(@AuthenticationPrincipal Caller caller, @PathVariable UUID taskId,
            @Valid @RequestBody UpdateRequest request) {
        return ResponseEntity.accepted().body(fl.submit(caller, taskId, request.clientId(), request.round(),
                request.numExamples(), request.delta()));
    }

    @Operation(summary = "Send a client's update as little-endian float32",
            description = "Exactly dimension × 4 bytes; client, round and numExamples in the Ppml-Client-Id, "
                    + "Ppml-Round and Ppml-Num-Examples headers. Otherwise as the JSON form.")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND, ProblemCode.CONFLICT})
    @PreAuthorize("hasRole('CONTRIBUTOR')")
    @PostMapping(path = "/tasks/{taskId}/updates", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<UpdateAccepted> updateFloat32(@AuthenticationPrincipal Caller caller, @PathVariable UUID taskId,
            @RequestHeader(CLIENT_ID_HEADER) String clientId, @RequestHeader(ROUND_HEADER) int round,
            @RequestHeader(NUM_EXAMPLES_HEADER) long numExamples, InputStream body) throws IOException {
        FlService.requireClientId(clientId, CLIENT_ID_HEADER);
        float[] delta = Float32Codec.decode(body, fl.dimension(caller.tenantId(), taskId), "body");
        return ResponseEntity.accepted().body(fl.submit(caller, taskId, clientId, round, numExamples, delta));
    }

    private static String etag(int version) {
        return "W/\"v" + version + "\"";
    }
}
