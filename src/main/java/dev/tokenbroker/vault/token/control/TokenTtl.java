package dev.tokenbroker.vault.token.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.tokenbroker.vault.logical.control.VaultDurations;
import dev.tokenbroker.vault.logical.entity.VaultException;

/**
 * Vault's {@code CalculateTTL} (vault-api.md §4.5), used at login, token creation and renewal. All values are whole
 * seconds; 0 means "not set".
 */
public final class TokenTtl {

    /** The TTL to grant and the warnings to show. */
    public record Result(long ttl, List<String> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    private TokenTtl() {
    }

    /**
     * @param start the token's issue time (renewals count the max TTL from it)
     * @throws VaultException 500 (wrapped) {@code past the max TTL, cannot renew} when the hard end has passed
     */
    public static Result calculate(long systemDefault, long systemMax, long backendTtl, long backendMax, long explicitMax,
                                   long period, long increment, Instant start, Instant now) {
        List<String> warnings = new ArrayList<>();
        long effMax = systemMax;
        if (backendMax > 0 && backendMax < effMax) {
            effMax = backendMax;
        }
        if (explicitMax > 0 && explicitMax < effMax) {
            effMax = explicitMax;
        }
        if (effMax <= 0) {
            throw VaultException.failed("max TTL must be greater than zero");
        }
        long ttl;
        Instant hardEnd;
        if (period > 0) {
            if (period > effMax) {
                warnings.add("period of \"" + VaultDurations.format(period) + "\" exceeded the effective max_ttl of \""
                        + VaultDurations.format(effMax) + "\"; period value is capped accordingly");
                period = effMax;
            }
            ttl = period;
            hardEnd = explicitMax > 0 ? start.plusSeconds(explicitMax) : null;
        } else {
            ttl = increment > 0 ? increment : backendTtl > 0 ? backendTtl : systemDefault;
            hardEnd = start.plusSeconds(effMax);
        }
        if (hardEnd != null) {
            long left = Duration.between(now, hardEnd).getSeconds();
            if (left <= 0) {
                throw VaultException.failed("past the max TTL, cannot renew");
            }
            if (ttl > left) {
                warnings.add("TTL of \"" + VaultDurations.format(ttl) + "\" exceeded the effective max_ttl of \""
                        + VaultDurations.format(left) + "\"; TTL value is capped accordingly");
                ttl = left;
            }
        }
        return new Result(ttl, warnings);
    }
}
