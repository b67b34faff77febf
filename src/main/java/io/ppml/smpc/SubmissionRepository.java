package io.ppml.smpc;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface SubmissionRepository extends JpaRepository<Submission, Submission.Key> {

    Optional<Submission> findBySessionPkAndSubmissionId(UUID sessionPk, String submissionId);

    Optional<Submission> findBySessionPkAndContributorId(UUID sessionPk, String contributorId);

    long countBySessionPkAndKeyId(UUID sessionPk, UUID keyId);

    List<Submission> findBySessionPk(UUID sessionPk);
}
