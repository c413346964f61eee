package dev.tokenbroker.vault.token.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.json.JsonObjectBuilder;

import dev.tokenbroker.platform.control.Cidr;
import dev.tokenbroker.vault.acl.control.PolicyStore;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.logical.control.VaultJson;
import dev.tokenbroker.vault.logical.entity.VaultException;
import dev.tokenbroker.vault.token.entity.TokenFields;

/**
 * Reading, checking and showing an auth method's {@link TokenFields} as Vault's {@code tokenutil} does: the fields
 * sent replace the stored ones, then the combination is checked with Vault's messages; a read shows all of them.
 */
public final class TokenFieldsInput {

    public static final List<String> TYPES = List.of("", "default", "service", "batch");

    private TokenFieldsInput() {
    }

    /** Copies the {@code token_*} fields that were sent into {@code target}; legacy aliases are the caller's. */
    public static void apply(Fields f, TokenFields target) {
        f.duration("token_ttl").ifPresent(target::setTtl);
        f.duration("token_max_ttl").ifPresent(target::setMaxTtl);
        f.duration("token_explicit_max_ttl").ifPresent(target::setExplicitMaxTtl);
        f.duration("token_period").ifPresent(target::setPeriod);
        f.commaList("token_policies").ifPresent(p -> target.setPolicies(String.join(",", policies(p))));
        f.commaList("token_bound_cidrs").ifPresent(c -> target.setBoundCidrs(String.join(",", cidrs(c))));
        f.bool("token_no_default_policy").ifPresent(target::setNoDefaultPolicy);
        f.integer("token_num_uses").ifPresent(target::setNumUses);
        f.string("token_type").ifPresent(target::setType);
    }

    /** Policy names as Vault stores them: trimmed, lower-cased, empty ones dropped, each a valid name. */
    public static List<String> policies(List<String> names) {
        List<String> out = names.stream().map(x -> x.trim().toLowerCase(Locale.ROOT)).filter(x -> !x.isEmpty()).toList();
        PolicyStore.requireValidNames(out);
        return out;
    }

    /** Addresses and CIDR blocks, each parsed and written in its canonical form. */
    public static List<String> cidrs(List<String> entries) {
        List<String> out = new ArrayList<>();
        for (String c : entries) {
            if (c.isEmpty()) {
                continue;
            }
            try {
                out.add(Cidr.parse(c).render());
            } catch (IllegalArgumentException e) {
                throw VaultException.invalid("error parsing address \"" + c + "\": " + e.getMessage());
            }
        }
        return out;
    }

    /** Vault's checks of the combination ({@code tokenutil.ParseTokenFields}), in its order and words. */
    public static void check(TokenFields t) {
        if (t.getTtl() > 0 && t.getMaxTtl() > 0 && t.getTtl() > t.getMaxTtl()) {
            throw VaultException.invalid("'token_ttl' cannot be greater than 'token_max_ttl'");
        }
        if (t.getNumUses() < 0) {
            throw VaultException.invalid("'token_num_uses' cannot be negative");
        }
        String type = t.getType();
        if (!TYPES.contains(type)) {
            throw VaultException.invalid("invalid 'token_type' value \"" + type + "\"");
        }
        if (type.equals("batch") && t.getPeriod() != 0) {
            throw VaultException.invalid("'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens");
        }
        if (type.equals("batch") && t.getNumUses() != 0) {
            throw VaultException.invalid("'token_type' cannot be 'batch' or 'default_batch' when set to generate tokens with limited use count");
        }
    }

    /** The fields as a read shows them: seconds as numbers, lists as arrays, the type's name. */
    public static JsonObjectBuilder view(JsonObjectBuilder o, TokenFields t) {
        return o.add("token_bound_cidrs", VaultJson.strings(t.boundCidrList()))
                .add("token_explicit_max_ttl", t.getExplicitMaxTtl())
                .add("token_max_ttl", t.getMaxTtl())
                .add("token_no_default_policy", t.isNoDefaultPolicy())
                .add("token_num_uses", t.getNumUses())
                .add("token_period", t.getPeriod())
                .add("token_policies", VaultJson.strings(t.policyList()))
                .add("token_ttl", t.getTtl())
                .add("token_type", t.getType());
    }
}
