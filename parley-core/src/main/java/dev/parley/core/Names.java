package dev.parley.core;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What makes two user names one, and which names may be shown at all, beyond the protocol's
 * character rules ({@code FieldRules}, checked when a message is decoded). Both follow Unicode's
 * security mechanisms (UTS #39) through ICU, not a table of our own:
 *
 * <ul>
 * <li>a name may not contain default-ignorable code points (joiners, variation selectors, Hangul
 *     fillers and the like render as nothing, so {@code al\u034Fice} would pass for {@code alice});
 * <li>a name may not mix scripts beyond ICU's "moderately restrictive" level (Latin with Cyrillic
 *     or Greek, say: {@code \u0430lice}), nor digits of different systems, nor marks that would not
 *     show;
 * <li>names are one while online when their confusable skeletons match, with case and
 *     compatibility forms folded before the skeleton and after it ({@link #keys}): {@code alice}, {@code ALICE}, {@code ａｌｉｃｅ}, and a
 *     Cyrillic-only {@code раура1} against Latin {@code paypal}.
 * </ul>
 *
 * Names in one real script, any script, stay distinct and allowed. Stateless and thread-safe (ICU's
 * built spoof checker and normaliser are immutable).
 */
public final class Names {
    private static final SpoofChecker CHECKER = new SpoofChecker.Builder()
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.INVISIBLE | SpoofChecker.MIXED_NUMBERS)
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.MODERATELY_RESTRICTIVE)
            .build();
    /** For the skeleton only: it is confusability that matters, compatibility forms and case included. */
    private static final SpoofChecker SKELETONS = new SpoofChecker.Builder().build();
    private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();

    private Names() {}

    /** Refuses a name that hides characters or mixes look-alike scripts ({@code invalid-field}). */
    static String requireShowable(String name) {
        int hidden = name.codePoints().filter(c -> UCharacter.hasBinaryProperty(c, UProperty.DEFAULT_IGNORABLE_CODE_POINT))
                .findFirst().orElse(-1);
        if (hidden >= 0) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "'name' may not contain invisible characters (U+" + String.format("%04X", hidden) + ")");
        }
        SpoofChecker.CheckResult result = new SpoofChecker.CheckResult();
        if (CHECKER.failsChecks(name, result)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "'name' " + why(result.checks));
        }
        return name;
    }

    private static String why(int checks) {
        if ((checks & SpoofChecker.RESTRICTION_LEVEL) != 0) {
            return "mixes scripts that can look alike (Latin with Cyrillic or Greek, say); write it in one script";
        }
        if ((checks & SpoofChecker.MIXED_NUMBERS) != 0) return "mixes digits of different number systems";
        return "has marks that would not show";
    }

    /** The key two names share when people could take one for the other. */
    public static String key(String name) {
        return SKELETONS.getSkeleton(NFKC_CASEFOLD.normalize(name));
    }

    /**
     * Every key a name is known by; two names are one when any of their keys meet. Folding case
     * first ({@link #key}) catches {@code ALICE} and {@code ａｌｉｃｅ}, but erases the capitals the
     * confusables table knows ({@code I} for {@code l}, {@code 0} for {@code O}): the skeleton taken
     * first, then folded, catches {@code AIice} and {@code b0b}.
     */
    public static Set<String> keys(String name) {
        var keys = new LinkedHashSet<String>(2);
        keys.add(key(name));
        keys.add(NFKC_CASEFOLD.normalize(SKELETONS.getSkeleton(name)));
        return keys;
    }
}
