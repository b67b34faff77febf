package io.ppml;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * DESIGN §2's module rules, enforced: features are Spring Modulith modules that reach each other only through
 * their public API packages and without cycles; pure cores use no Spring, JPA or servlet types; controllers hold
 * no repositories.
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

    @Test
    void controllersDelegateToServicesNotRepositories() {
        ArchRule rule = noClasses().that().haveSimpleNameEndingWith("Controller")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Repository");
        rule.check(CLASSES);
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
