package io.hindsight.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Untrusted bytes reach the gateway as HTTP bodies, WebSocket frames, uploaded models and Kafka records; none of
 * them is ever Java-deserialized. Checked on the bytecode of every gateway class and of the contracts it reads
 * bytes with (JSON through one Jackson mapper, ONNX through its own scanner and ONNX Runtime): no use of
 * ObjectInputStream, ObjectInput or the other Java deserializers, no readObject/readUnshared call, no
 * Externalizable, and no Jackson polymorphic default typing (the JSON equivalent of the same gadget attacks).
 */
class NoJavaDeserializationTest {
    static final Set<String> DESERIALIZERS = Set.of("java.io.ObjectInputStream", "java.io.ObjectInput",
            "java.beans.XMLDecoder", "java.rmi.MarshalledObject", "org.springframework.util.SerializationUtils",
            "org.springframework.core.serializer.DefaultDeserializer",
            "org.springframework.core.serializer.support.DeserializingConverter",
            "org.apache.commons.lang3.SerializationUtils");
    static final Set<String> DESERIALIZING_CALLS = Set.of("readObject", "readUnshared", "readExternal");
    static final Set<String> DEFAULT_TYPING = Set.of("activateDefaultTyping", "activateDefaultTypingAsProperty",
            "enableDefaultTyping", "setDefaultTyping");

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = importing(() -> new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.hindsight.gateway", "io.hindsight.contracts"));
    }

    /** The rules look at names only: Spring, Jackson and Kafka need not be imported too (seconds, not a minute). */
    private static JavaClasses importing(java.util.function.Supplier<JavaClasses> importer) {
        ArchConfiguration config = ArchConfiguration.get();
        boolean resolving = config.resolveMissingDependenciesFromClassPath();
        config.setResolveMissingDependenciesFromClassPath(false);
        try {
            return importer.get();
        } finally {
            config.setResolveMissingDependenciesFromClassPath(resolving);
        }
    }

    static final ArchRule NO_DESERIALIZER = noClasses()
            .should().dependOnClassesThat(DescribedPredicate.describe("are Java deserializers",
                    (JavaClass c) -> DESERIALIZERS.contains(c.getName())))
            .because("untrusted bytes are read as JSON or ONNX, never Java-deserialized");

    static final ArchRule NO_READ_OBJECT = noClasses()
            .should().callMethodWhere(DescribedPredicate.describe("the method reads a Java object",
                    (JavaMethodCall call) -> DESERIALIZING_CALLS.contains(call.getName())))
            .because("readObject and friends run whatever class the bytes name");

    static final ArchRule NO_EXTERNALIZABLE = noClasses()
            .should().implement(java.io.Externalizable.class)
            .because("nothing in the gateway is meant to be read back from Java serialization");

    static final ArchRule NO_DEFAULT_TYPING = noClasses()
            .should().callMethodWhere(DescribedPredicate.describe("the method turns on Jackson default typing",
                    (JavaMethodCall call) -> DEFAULT_TYPING.contains(call.getName())))
            .orShould().beAnnotatedWith(DescribedPredicate.describe("@JsonTypeInfo",
                    (JavaAnnotation<?> a) -> a.getRawType().getSimpleName().equals("JsonTypeInfo")))
            .because("JSON naming its own classes is Java deserialization by another name");

    @Test
    void theScanSeesTheGatewayAndTheContracts() {
        assertThat(classes.contain(GatewayServer.class)).isTrue();
        assertThat(classes.contain(io.hindsight.gateway.http.RequestBodies.class)).isTrue();
        assertThat(classes.contain(io.hindsight.contracts.json.Json.class)).isTrue();
        assertThat(classes.size()).isGreaterThan(100);
    }

    @Test
    void noClassUsesAJavaDeserializer() {
        NO_DESERIALIZER.check(classes);
    }

    @Test
    void noClassCallsReadObject() {
        NO_READ_OBJECT.check(classes);
    }

    @Test
    void noClassIsExternalizable() {
        NO_EXTERNALIZABLE.check(classes);
    }

    @Test
    void noJsonNamesItsOwnClasses() {
        NO_DEFAULT_TYPING.check(classes);
    }

    /** What the rules are for: this class would be caught. */
    static final class Gadget {
        Object read(byte[] untrusted) throws IOException, ClassNotFoundException {
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(untrusted))) {
                return in.readObject();
            }
        }
    }

    @Test
    void theRulesCatchAClassThatDeserializes() {
        JavaClasses gadget = importing(() -> new ClassFileImporter().importClasses(Gadget.class));
        assertThatThrownBy(() -> NO_DESERIALIZER.check(gadget)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("java.io.ObjectInputStream");
        assertThatThrownBy(() -> NO_READ_OBJECT.check(gadget)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("readObject");
    }
}
