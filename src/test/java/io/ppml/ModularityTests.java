package io.ppml;

import java.util.function.Supplier;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.ppml.persistence.Idempotency;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Repository;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * DESIGN §2's module rules, enforced: features are Spring Modulith modules that reach each other only through
 * their public API packages and without cycles; pure cores use no Spring, JPA or servlet types; controllers reach
 * only their own module's service, and only services run idempotent requests.
 */
class ModularityTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ppml");

    @Test
    void modulesOnlyUseEachOthersPublicApiWithoutCycles() {
        ApplicationModules.of(PpmlApplication.class).verify();
    }

    @Test
    void pureCoresUseNoFrameworkTypes() {
        // package-info is excluded: a core package may carry Spring Modulith's @NamedInterface so that other modules
        // can use it; that annotation is metadata for the module verifier, not a framework dependency of the code.
        ArchRule rule = noClasses().that().resideInAnyPackage("io.ppml.*.core..", "io.ppml.crypto")
                .and().doNotHaveSimpleName("package-info")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                        "jakarta.servlet..", "org.hibernate..")
                .allowEmptyShould(true);
        rule.check(CLASSES);
    }

    /**
     * A controller maps HTTP to a call of its own module's service and nothing else: it reaches no repository, no
     * SQL or JPA API, no other bean of its module (table owners, helpers), and no other module's service. Shared
     * HTTP plumbing in {@code io.ppml.web} is allowed.
     */
    @Test
    void controllersDependOnlyOnTheirModulesService() {
        ArchRule rule = classes().that().areAnnotatedWith(RestController.class)
                .should(new ArchCondition<JavaClass>("depend on no bean but their own module's service") {
                    @Override
                    public void check(JavaClass controller, ConditionEvents events) {
                        for (Dependency dependency : controller.getDirectDependenciesFromSelf()) {
                            JavaClass target = dependency.getTargetClass();
                            if (isPersistenceApi(target) || isBean(target) && !isOwnService(controller, target)
                                    && !target.getPackageName().equals("io.ppml.web")) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                });
        rule.check(CLASSES);
    }

    /** Transactions and idempotency are the services' own: nothing but a service calls {@code Idempotency.run}. */
    @Test
    void onlyServicesRunIdempotentRequests() {
        ArchRule rule = noClasses().that().haveSimpleNameNotEndingWith("Service")
                .and().doNotHaveFullyQualifiedName(Idempotency.class.getName())
                .should().callMethod(Idempotency.class, "run", Idempotency.Request.class, Class.class,
                        Supplier.class);
        rule.check(CLASSES);
    }

    private static boolean isPersistenceApi(JavaClass type) {
        return type.isAssignableTo(org.springframework.data.repository.Repository.class)
                || type.getPackageName().startsWith("org.springframework.jdbc")
                || type.getPackageName().startsWith("jakarta.persistence");
    }

    private static boolean isBean(JavaClass type) {
        return type.isAnnotatedWith(Service.class) || type.isAnnotatedWith(Component.class)
                || type.isAnnotatedWith(Repository.class) || type.isAnnotatedWith(Configuration.class);
    }

    private static boolean isOwnService(JavaClass controller, JavaClass target) {
        return target.getPackageName().equals(controller.getPackageName()) && target.getSimpleName().endsWith("Service")
                && target.isAnnotatedWith(Service.class);
    }

    @Test
    void randomnessComesOnlyFromSecureRandom() {
        ArchRule rule = noClasses().that().resideInAPackage("io.ppml..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .orShould().dependOnClassesThat().resideInAPackage("org.apache.commons.math3.random..");
        rule.check(CLASSES);
    }

    @Test
    void everyPackageIsNullMarked() {
        classes().that().haveSimpleName("package-info").should()
                .beAnnotatedWith(org.jspecify.annotations.NullMarked.class).allowEmptyShould(true).check(CLASSES);
    }
}
