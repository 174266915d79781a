// The sample app (seed 000's Android client on Parley). NOT RUN here: see ../settings.gradle.kts.
// Its Java also compiles under Maven (as parley-android's test sources) and CallActivityTest runs
// its screen under Robolectric.
plugins {
    id("com.android.application")
}

android {
    namespace = "dev.parley.android.sample"
    compileSdk = 36

    defaultConfig {
        applicationId = "dev.parley.android.sample"
        minSdk = 26 // parley-android's
        targetSdk = 36
        versionCode = 1
        versionName = "0.1.0"
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_21
        targetCompatibility = JavaVersion.VERSION_21
    }

    buildTypes {
        release {
            // R8 with parley-android's consumer rules, as DexingTest checks under Maven
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"))
        }
    }
}

dependencies {
    implementation(project(":"))
}
