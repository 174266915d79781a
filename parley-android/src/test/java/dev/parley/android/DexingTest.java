package dev.parley.android;

import static org.assertj.core.api.Assertions.assertThat;

import com.android.tools.r8.ClassFileResourceProvider;
import com.android.tools.r8.CompilationFailedException;
import com.android.tools.r8.CompilationMode;
import com.android.tools.r8.Diagnostic;
import com.android.tools.r8.DiagnosticsHandler;
import com.android.tools.r8.DexIndexedConsumer;
import com.android.tools.r8.ProgramResource;
import com.android.tools.r8.R8;
import com.android.tools.r8.R8Command;
import com.android.tools.r8.origin.Origin;
import dev.parley.android.sample.CallActivity;
import dev.parley.client.Parley;
import dev.parley.protocol.ClientFrame;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parley's Java 21 class files (protocol, client, this library, the sample app) through the
 * Android toolchain's own shrinker and dexer, R8 (the version AGP 9.5 bundles), as an app's release
 * build would run it. No Android SDK here: the library they compile against is Robolectric's
 * android-all for the framework and this JDK's java.base and java.logging for the core classes.
 * That stands in for android.jar well for what it checks (whole modules Android lacks, like
 * java.net.http), not for APIs Android's core library lacks inside java.base.
 */
class DexingTest {
    private static final Path CONSUMER_RULES = Path.of("consumer-rules.pro");
    private static final List<String> APP_RULES = List.of(
            // what AGP keeps for the sample's manifest
            "-keep class dev.parley.android.sample.SampleApp { <init>(); }",
            "-keep class dev.parley.android.sample.CallActivity { <init>(); }",
            // an app driving the SDK itself
            "-keep public class dev.parley.client.Parley { public *; }",
            "-keep public class dev.parley.client.ParleyClient { public *; }",
            "-keep public class dev.parley.client.ParleyClient$Builder { public *; }",
            "-keep public class dev.parley.android.** { public *; }",
            // what is checked (classes found, rules enough) is settled before these, the slow passes
            "-dontoptimize",
            "-dontobfuscate");

    /** Read once: walking the runtime image is the slow part of making it. */
    private static JdkModules jdk;

    @TempDir
    Path out;

    private static synchronized JdkModules jdk() throws IOException {
        if (jdk == null) jdk = new JdkModules("java.base", "java.logging");
        return jdk;
    }

    /**
     * An app's release build (min API 21, org.webrtc's floor) with the consumer rules: every class
     * Parley's code names is found (without {@code -dontwarn java.net.http.**} R8 stops on
     * {@code Missing class java.net.http.HttpClient}, referenced from ParleyClient.Builder and
     * JdkWebSockets), and records, pattern switches, string concatenation and lambdas become plain
     * code, with no invokedynamic bootstrap left that Android lacks.
     */
    @Test
    void r8BuildsAnAppForApi21WithTheConsumerRulesAndDesugarsJava21() throws Exception {
        var diagnostics = new Diagnostics();
        Path dex = out.resolve("app.zip");

        R8.run(r8(diagnostics, dex));

        assertThat(diagnostics.errors).isEmpty();
        String strings = dexStrings(dex);
        assertThat(strings).contains("Ldev/parley/android/sample/CallActivity;", "Ldev/parley/android/OkHttpWebSockets;",
                "Ldev/parley/client/ParleyClient;", "Lcom/android/tools/r8/RecordTag;");
        assertThat(strings).doesNotContain("java/lang/runtime/SwitchBootstraps", "java/lang/runtime/ObjectMethods",
                "java/lang/invoke/StringConcatFactory", "java/lang/invoke/LambdaMetafactory");
    }

    private R8Command r8(Diagnostics diagnostics, Path dex) throws IOException, URISyntaxException, CompilationFailedException {
        var b = R8Command.builder(diagnostics)
                .addProgramFiles(program())
                .addClasspathFiles(dependencies())
                .addLibraryFiles(jarOf(android.app.Activity.class))
                .addLibraryResourceProvider(jdk())
                .addProguardConfiguration(APP_RULES, Origin.unknown())
                .addProguardConfigurationFiles(CONSUMER_RULES)
                .setMinApiLevel(21)
                .setMode(CompilationMode.RELEASE)
                .setProgramConsumer(new DexIndexedConsumer.ArchiveConsumer(dex));
        return b.build();
    }

    /** Parley's own classes: protocol, client, this library and the sample app. */
    private static List<Path> program() throws IOException, URISyntaxException {
        List<Path> files = new ArrayList<>();
        files.addAll(classes(jarOf(ClientFrame.class)));
        files.addAll(classes(jarOf(Parley.class)));
        files.addAll(classes(jarOf(AndroidRtc.class)));
        Path tests = jarOf(CallActivity.class);
        Path sample = tests.resolve("dev/parley/android/sample");
        try (Stream<Path> s = Files.list(sample)) {
            s.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !p.getFileName().toString().startsWith("FakeCallApp") && !p.getFileName().toString().contains("Test"))
                    .forEach(files::add);
        }
        return files;
    }

    /** What the app gets from elsewhere: OkHttp and its Kotlin, Jackson, SLF4J, org.webrtc. */
    private static List<Path> dependencies() throws URISyntaxException {
        return List.of(jarOf(okhttp3.OkHttpClient.class), jarOf(okio.Buffer.class), jarOf(kotlin.Unit.class),
                jarOf(com.fasterxml.jackson.core.JsonFactory.class), jarOf(org.slf4j.Logger.class), jarOf(org.webrtc.PeerConnection.class));
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** A jar as it is; a reactor module's class directory as its class files. */
    private static List<Path> classes(Path location) throws IOException {
        if (Files.isRegularFile(location)) return List.of(location);
        try (Stream<Path> s = Files.walk(location)) {
            return s.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().equals("module-info.class")).toList();
        }
    }

    /** The dex files' bytes as text, enough to look for type descriptors in their string tables. */
    private static String dexStrings(Path archive) throws IOException {
        var text = new StringBuilder();
        try (var zip = new ZipFile(archive.toFile())) {
            for (var e : java.util.Collections.list(zip.entries())) {
                if (e.getName().endsWith(".dex")) text.append(new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }

    /** Classes of this JDK's modules, read from its runtime image. */
    private static final class JdkModules implements ClassFileResourceProvider {
        private final Map<String, Path> classes = new HashMap<>();

        JdkModules(String... modules) throws IOException {
            FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
            for (String module : modules) {
                Path root = jrt.getPath("modules", module);
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().equals("module-info.class"))
                            .forEach(p -> {
                                String name = root.relativize(p).toString();
                                classes.put("L" + name.substring(0, name.length() - ".class".length()) + ";", p);
                            });
                }
            }
        }

        @Override
        public Set<String> getClassDescriptors() {
            return classes.keySet();
        }

        @Override
        public ProgramResource getProgramResource(String descriptor) {
            Path p = classes.get(descriptor);
            if (p == null) return null;
            try {
                return ProgramResource.fromBytes(Origin.unknown(), ProgramResource.Kind.CF, Files.readAllBytes(p), Set.of(descriptor));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Collects what D8 and R8 report. */
    private static final class Diagnostics implements DiagnosticsHandler {
        final List<String> errors = new CopyOnWriteArrayList<>();
        final List<String> warnings = new CopyOnWriteArrayList<>();

        @Override
        public void error(Diagnostic diagnostic) {
            errors.add(diagnostic.getDiagnosticMessage());
        }

        @Override
        public void warning(Diagnostic diagnostic) {
            warnings.add(diagnostic.getDiagnosticMessage());
        }

        @Override
        public void info(Diagnostic diagnostic) {}
    }
}
