// parley-android as an Android library (AAR). NOT RUN here: see settings.gradle.kts and README.md.
// Versions follow the root pom.xml (okhttp.version, webrtc-android.version); keep them in step.
plugins {
    id("com.android.library")
}

android {
    namespace = "dev.parley.android"
    compileSdk = 36

    defaultConfig {
        // Checked in the Maven build: parley-protocol, parley-client and this library call nothing
        // newer than API 26 with D8's backports (animal-sniffer, gummy-bears-api-26); README.md.
        minSdk = 26
        // -dontwarn java.net.http.** (parley-client's JDK connector) and -keep org.webrtc.**;
        // DexingTest runs R8 with them under Maven.
        consumerProguardFiles("consumer-rules.pro")
    }

    compileOptions {
        // parley-client and parley-protocol are Java 21 class files (records, sealed interfaces,
        // pattern switches): D8/R8 of AGP 9.5 desugar them (checked with R8 9.5.28 under Maven).
        sourceCompatibility = JavaVersion.VERSION_21
        targetCompatibility = JavaVersion.VERSION_21
    }

    // The tests (Robolectric, a real Parley server, R8) run under Maven: `mvn -pl parley-android -am test`.
}

dependencies {
    api("dev.parley:parley-client:0.1.0-SNAPSHOT")
    // OkHttp's Android variant (Gradle picks it from the module metadata; Maven needs okhttp-jvm)
    api("com.squareup.okhttp3:okhttp:5.5.1")
    // org.webrtc with its natives for arm64-v8a, armeabi-v7a, x86 and x86_64
    api("io.github.webrtc-sdk:android:144.7559.14")
}
