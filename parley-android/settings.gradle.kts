// The Android toolchain's build of parley-android and its sample app. NOT RUN on the machines this
// project is developed and tested on: no Android SDK, no Gradle 9, no aapt2 can be had there (see
// README.md). Maven compiles and tests the same sources (pom.xml); this build makes the AAR and APK.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
    plugins {
        id("com.android.library") version "9.5.1"
        id("com.android.application") version "9.5.1"
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        // parley-client and parley-protocol, built by Maven first:
        //   mvn -pl parley-client -am install -DskipTests   (from the repository's root)
        mavenLocal {
            content { includeGroup("dev.parley") }
        }
        google()
        mavenCentral()
    }
}

rootProject.name = "parley-android"
include(":sample")
