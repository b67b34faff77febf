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
import io.ppml.web.ApiTags;
import io.ppml.web.Items;
import io.ppml.web.Paging;
import io.ppml.web.ProblemCode;
import io.ppml.web.ProblemResponses;
import io.ppml.web.Responses;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
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

@Tag(name = ApiTags.FL)
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

    @Operation(operationId = "createFlTask", summary = "Create a federated learning task",
            description = "With dp, every round is DP-FedAvg and is charged to the tenant's budget before its model "
                    + "is released; dp needs FEDAVG.")
    @ApiResponse(responseCode = "201", description = "The task, at round 1 with its initial model")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.CONFLICT, ProblemCode.IDEMPOTENCY_KEY_REUSED})
    @PreAuthorize("hasRole('OWNER')")
    @PostMapping("/tasks")
    ResponseEntity<TaskView> create(@AuthenticationPrincipal Caller caller,
            @Valid @RequestBody CreateTaskRequest request,
            @RequestHeader(name = Idempotency.HEADER, required = false) @Nullable String idempotencyKey) {
        var outcome = fl.create(caller, request, idempotencyKey);
        return Responses.created(outcome, "/v1/fl/tasks/" + outcome.response().id());
    }

    @Operation(operationId = "listFlTasks", summary = "The tenant's tasks, newest first, a page at a time",
            description = "The caller's tenant's federated learning tasks with their status, current round and privacy "
                    + "spent.")
    @GetMapping("/tasks")
    Items<TaskView> list(@AuthenticationPrincipal Caller caller, Paging paging) {
        return fl.list(caller.tenantId(), paging);
    }

    @Operation(operationId = "getFlTask", summary = "A task's status, round and privacy spent",
            description = "Status (WAITING_FOR_UPDATES, COMPLETED, BUDGET_EXHAUSTED), the current round and "
                    + "attempt, how many updates "
                    + "it holds, the model version, and for DP tasks the ε spent at the task's δ.")
    @ProblemResponses(ProblemCode.NOT_FOUND)
    @GetMapping("/tasks/{taskId}")
    TaskView get(@AuthenticationPrincipal Caller caller, @PathVariable UUID taskId) {
        return fl.get(caller.tenantId(), taskId);
    }

    @Operation(operationId = "getFlModel", summary = "The current global model",
            description = "JSON by default; with Accept: application/octet-stream, the parameters as little-endian "
                    + "float32 (dimension × 4 bytes), with the version and round in the Ppml-Model-Version and "
                    + "Ppml-Model-Round headers. The ETag names the model version: If-None-Match with it answers 304 "
                    + "while the model is unchanged.")
    @ApiResponse(responseCode = "200", description = "The model",
            headers = {@Header(name = HttpHeaders.ETAG, required = true, description = "W/\"v<version>\"",
                    schema = @Schema(type = "string")),
                    @Header(name = MODEL_VERSION_HEADER, description = "octet-stream only: the model version",
                            schema = @Schema(type = "integer", format = "int32")),
                    @Header(name = MODEL_ROUND_HEADER, description = "octet-stream only: the round it comes from",
                            schema = @Schema(type = "integer", format = "int32"))},
            content = {@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ModelView.class)),
                    @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                            schema = @Schema(type = "string", format = "binary",
                                    description = "dimension little-endian float32 values"))})
    @ApiResponse(responseCode = "304", description = "Not modified: If-None-Match names the current version")
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

    @Hidden // the octet-stream representation of getFlModel, documented there
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

    @Operation(operationId = "submitFlUpdate", summary = "Send a client's update (model delta) for the current round",
            description = "As JSON, or as little-endian float32 (Content-Type: application/octet-stream, exactly "
                    + "dimension × 4 bytes) with the client, round and numExamples in the Ppml-Client-Id, Ppml-Round "
                    + "and Ppml-Num-Examples headers, which that form requires. 202 when accepted; the round "
                    + "aggregates as soon as minClients updates are in. The same update again is a retry (replayed: "
                    + "true); another update from the same client in the same round, a round that is not current, "
                    + "or a task that takes no more updates: 409.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = UpdateRequest.class)),
                    @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                            schema = @Schema(type = "string", format = "binary",
                                    description = "dimension little-endian float32 values"))}),
            parameters = {
                    @Parameter(in = ParameterIn.HEADER, name = CLIENT_ID_HEADER, required = false,
                            description = "octet-stream only: the client's id", schema = @Schema(type = "string")),
                    @Parameter(in = ParameterIn.HEADER, name = ROUND_HEADER, required = false,
                            description = "octet-stream only: the round this update is for",
                            schema = @Schema(type = "integer", format = "int32")),
                    @Parameter(in = ParameterIn.HEADER, name = NUM_EXAMPLES_HEADER, required = false,
                            description = "octet-stream only: how many examples the client trained on",
                            schema = @Schema(type = "integer", format = "int64"))})
    @ApiResponse(responseCode = "202", description = "Accepted (replayed: true for the same update again)")
    @ProblemResponses({ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND, ProblemCode.CONFLICT})
    @PreAuthorize("hasRole('CONTRIBUTOR')")
    @PostMapping(path = "/tasks/{taskId}/updates", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UpdateAccepted> update(@AuthenticationPrincipal Caller caller, @PathVariable UUID taskId,
            @Valid @RequestBody UpdateRequest request) {
        return ResponseEntity.accepted().body(fl.submit(caller, taskId, request.clientId(), request.round(),
                request.numExamples(), request.delta()));
    }

    @Hidden // the octet-stream form of submitFlUpdate, documented there
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
