package dev.parley.turn.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialsTest {
    private static final Clock NOW = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L - 60), ZoneOffset.UTC);

    @Test
    void restPasswordsMatchTheSchemeCoturnChecks() {
        // Expected values computed independently: base64(hmac.new(secret, username, sha1)) in Python.
        assertThat(new RestApiCredentials("north-north-north", NOW).password("1700000000:alice"))
                .isEqualTo("zLuOBovGqcWWFxC/lazM6Oe5keA=");
        assertThat(new RestApiCredentials("s3cr3t-s3cr3t-16", NOW).password("4102444800:bob"))
                .isEqualTo("wT3s54ehzWxkvr1uQC+z4J9mgVE=");
    }

    @Test
    void mintedCredentialsAreAcceptedUntilTheyExpire() {
        var creds = new RestApiCredentials("a-shared-secret-of-length", NOW);
        var minted = creds.mint("alice", Duration.ofMinutes(10));
        assertThat(minted.username()).isEqualTo((NOW.instant().getEpochSecond() + 600) + ":alice");
        assertThat(minted.password()).isEqualTo(creds.password(minted.username()));
        assertThat(creds.key(minted.username(), "parley")).isNotNull();

        var later = new RestApiCredentials("a-shared-secret-of-length",
                Clock.offset(NOW, Duration.ofMinutes(10)));
        assertThat(later.key(minted.username(), "parley")).as("expired").isNull();
    }

    @Test
    void malformedOrForeignUsernamesHaveNoKey() {
        var creds = new RestApiCredentials("a-shared-secret-of-length", NOW);
        for (String bad : new String[] {"alice", ":alice", "soon:alice", "-1:alice", "", "99999999999999999999:x"}) {
            assertThat(creds.key(bad, "parley")).as(bad).isNull();
        }
    }

    /** Issue 12, finding 4: a name valid for years was a credential that never expires. */
    @Test
    void anExpiryFurtherAheadThanTheTtlPlusSkewIsRefused() {
        var creds = new RestApiCredentials("a-shared-secret-of-length", NOW, Duration.ofHours(12));
        long now = NOW.instant().getEpochSecond();
        long limit = now + Duration.ofHours(12).plus(RestApiCredentials.SKEW).toSeconds();
        assertThat(creds.key(limit + ":alice", "parley")).as("at the limit").isNotNull();
        assertThat(creds.key((limit + 1) + ":alice", "parley")).as("a second beyond").isNull();
        assertThat(creds.key((now + Duration.ofDays(3650).toSeconds()) + ":alice", "parley")).as("ten years").isNull();
        assertThatThrownBy(() -> creds.mint("alice", Duration.ofHours(13))).isInstanceOf(IllegalArgumentException.class);
        // The default accepts what mint may hand out: one day.
        var byDefault = new RestApiCredentials("a-shared-secret-of-length", NOW);
        assertThat(byDefault.key((now + Duration.ofDays(1).toSeconds()) + ":alice", "parley")).isNotNull();
        assertThat(byDefault.key((now + Duration.ofDays(2).toSeconds()) + ":alice", "parley")).isNull();
    }

    /** Long.parseLong took a sign and any Unicode digits: other spellings of one expiry, each a fresh name. */
    @Test
    void theExpiryIsAsciiDigitsOnly() {
        var creds = new RestApiCredentials("a-shared-secret-of-length", NOW);
        String expiry = Long.toString(NOW.instant().getEpochSecond() + 600);
        assertThat(creds.key(expiry + ":alice", "parley")).isNotNull();
        StringBuilder arabicIndic = new StringBuilder(), fullwidth = new StringBuilder();
        for (char c : expiry.toCharArray()) {
            arabicIndic.append((char) ('\u0660' + (c - '0')));
            fullwidth.append((char) ('\uFF10' + (c - '0')));
        }
        for (String bad : new String[] {"+" + expiry, arabicIndic.toString(), fullwidth.toString(), "0" + expiry.substring(1) + "0",
                "00000000000" + expiry, " " + expiry, expiry + " ", "9223372036854775807", "9223372036854775808"}) {
            assertThat(creds.key(bad + ":alice", "parley")).as(bad).isNull();
        }
    }

    @Test
    void restAndStaticNamesNeverShareAQuota() {
        var rest = new RestApiCredentials("a-shared-secret-of-length", NOW);
        var users = new StaticUsers(Map.of("bob", "pw"));
        String restBob = rest.mint("bob", Duration.ofMinutes(10)).username();
        assertThat(rest.quotaUser(restBob)).isNotEqualTo(users.quotaUser("bob"));
        var both = Credentials.anyOf(java.util.List.of(users, rest));
        assertThat(both.quotaUser(restBob)).isEqualTo(rest.quotaUser(restBob));
        assertThat(both.quotaUser("bob")).isEqualTo(users.quotaUser("bob"));
        assertThat(both.quotaUser(restBob)).isNotEqualTo(both.quotaUser("bob"));
    }

    @Test
    void mintingHasLimits() {
        var creds = new RestApiCredentials("a-shared-secret-of-length", NOW);
        assertThatThrownBy(() -> creds.mint("alice", Duration.ofDays(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> creds.mint("a:b", Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestApiCredentials("short", NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staticUsersGiveTheLongTermKey() {
        var users = new StaticUsers(Map.of("alice", "pw"));
        // MD5("alice:parley:pw"), computed independently with Python's hashlib.
        assertThat(HexFormat.of().formatHex(users.key("alice", "parley"))).isEqualTo("8f948b7b21473e69733bbe1f3479dd8b");
        assertThat(users.key("mallory", "parley")).isNull();
    }
}
