package io.hindsight.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** STYLE.md #8: stages meet only through contracts, and contracts stays free of frameworks. */
class ModuleBoundariesTest {
    private static final List<String> STAGES = List.of(
            "io.hindsight.gateway", "io.hindsight.predictor", "io.hindsight.joiner",
            "io.hindsight.trainer", "io.hindsight.simulator", "io.hindsight.drift", "io.hindsight.rps",
            "io.hindsight.promotion");
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the gateway's test jar (on this module's test classpath) holds a deliberate deserialization canary
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.hindsight");
    }

    @Test
    void contractsUseNoFrameworks() {
        noClasses().that().resideInAPackage("io.hindsight.contracts..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "org.apache.kafka.streams..", "org.tribuo..", "io.micrometer..",
                        "io.hindsight.gateway..", "io.hindsight.predictor..", "io.hindsight.joiner..",
                        "io.hindsight.trainer..", "io.hindsight.simulator..", "io.hindsight.drift..", "io.hindsight.app..",
                        "io.hindsight.rps..", "io.hindsight.promotion..",
                        "io.hindsight.broker..")
                .check(classes);
    }

    @Test
    void noStageReachesIntoAnother() {
        for (String stage : STAGES) {
            String[] others = STAGES.stream().filter(s -> !s.equals(stage)).map(s -> s + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(stage + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("stages share only contracts")
                    .check(classes);
        }
    }

    @Test
    void onlyTheAppComposesRoles() {
        noClasses().that().resideOutsideOfPackage("io.hindsight.app..")
                .should().dependOnClassesThat().resideInAPackage("io.hindsight.app..")
                .check(classes);
    }

    @Test
    void nothingUsesJavaSerialization() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.io.ObjectInputStream")
                .because("models travel as Tribuo protobuf or ONNX, never Java serialization of untrusted bytes")
                .check(classes);
    }
}
