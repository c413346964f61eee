package dev.tokenbroker.platform.control;

import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.tokenbroker.exchange.control.AccessTokenRequestParser;
import dev.tokenbroker.exchange.entity.InvalidRequestException;
import dev.tokenbroker.policy.control.PermissionCatalog;
import dev.tokenbroker.policy.control.PolicyParser;
import dev.tokenbroker.policy.entity.InvalidPolicyException;
import dev.tokenbroker.testsupport.Mutations;
import dev.tokenbroker.testsupport.TestJws;
import dev.tokenbroker.vault.acl.control.AclPolicyParser;
import dev.tokenbroker.vault.acl.entity.AclPolicyException;
import dev.tokenbroker.vault.http.control.VaultInputLimits;
import dev.tokenbroker.vault.logical.control.Fields;
import dev.tokenbroker.vault.logical.control.VaultDurations;
import dev.tokenbroker.vault.logical.entity.VaultException;

/**
 * Generated hostile input for every parser that reads untrusted text, each fed mutations of valid samples and random
 * strings: each may refuse only with its own, mapped exception (a 4xx at the boundary); anything else would escape as
 * a 500. Seeds are fixed so that a failure reproduces; jqwik prints the falsifying input.
 */
class HostileInputPropertiesTest {

    private static final String SEED = "20261201";
    private static final PermissionCatalog CATALOG = PermissionCatalog.standard();

    // ------------------------------------------------------------------------------------------------ generators

    private static Arbitrary<String> hostile(List<String> samples) {
        Arbitrary<String> mutated = Arbitraries.randomValue(random -> Mutations.mutate(samples.get(random.nextInt(samples.size())), random));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, mutated),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().all().ofMaxLength(300)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(samples)));
    }

    @Provide
    Arbitrary<String> exchangeBodies() {
        return hostile(List.of("{\"permissions\":{\"contents\":\"read\"}}",
                "{\"permissions\":{\"contents\":\"write\",\"issues\":\"read\"},\"repositories\":[\"playground\",\"octocat/app\"]}",
                "{\"permissions\":{\"secrets\":\"read\"},\"repositories\":[\"app\"],\"owner\":\"octocat\"}",
                "{\"permissions\":{\"organization-secrets\":\"read\"},\"owner\":\"octocat\",\"repositories\":\"ALL\"}"));
    }

    @Provide
    Arbitrary<String> vaultBodies() {
        return hostile(List.of("{\"policies\":[\"default\",\"reader\"],\"ttl\":\"1h\",\"display_name\":\"ci\",\"meta\":{\"a\":\"b\"}}",
                "{\"organization\":\"octocat\",\"organization_id\":583231,\"token_ttl\":\"1h\",\"token_bound_cidrs\":[\"10.0.0.0/8\"]}",
                "{\"installation_id\":100,\"repositories\":[\"app\"],\"permissions\":{\"contents\":\"read\"}}",
                "{\"value\":\"reader,writer\"}", "{\"lease_id\":\"github/token/abc\",\"increment\":3600}",
                "{\"token\":\"hvs.abc\",\"accessor\":\"xyz\",\"num_uses\":3,\"renewable\":true,\"period\":\"24h\"}"));
    }

    @Provide
    Arbitrary<String> aclPolicies() {
        return hostile(List.of(AclPolicyParser.DEFAULT_POLICY,
                "path \"github/token/*\" {\n  capabilities = [\"read\", \"update\"]\n  allowed_parameters = {\n"
                        + "    \"installation_id\" = [\"100\"]\n    \"permissions\" = [\"contents=read\"]\n  }\n"
                        + "  denied_parameters = { \"repositories\" = [] }\n  required_parameters = [\"installation_id\"]\n}\n",
                "{\"path\":{\"sys/policies/acl/*\":{\"capabilities\":[\"read\",\"list\"]},\"auth/+/login\":{\"policy\":\"write\"}}}",
                "# comment\npath \"secret/+/x\" { capabilities = [\"deny\"] min_wrapping_ttl = \"1h\" }"));
    }

    @Provide
    Arbitrary<String> accessPolicies() {
        return hostile(List.of("""
                origin: octocat/.github-access-token
                allowed-subjects:
                  - 'repo:octocat/*:**'
                allowed-repository-permissions:
                  contents: write
                  pull-requests: write
                statements:
                  - subjects: ['repo:octocat/release-tools:ref:refs/heads/main']
                    permissions: {organization-secrets: read}
                """, """
                origin: octocat/playground
                statements:
                  - subjects: ['repo:${origin}:ref:refs/heads/main', 'repo:octocat/deployer:environment:production']
                    permissions: {contents: write}
                """, "origin: &a octocat/x\nstatements: [*a, *a, *a]\n", "!!java.lang.Runtime {}\n"));
    }

    @Provide
    Arbitrary<String> durations() {
        return hostile(List.of("1h30m", "7d", "250ms", "90", "2562047h", "1.5h", "9223372036s", "0"));
    }

    @Provide
    Arbitrary<String> addresses() {
        return hostile(List.of("10.0.0.0/8", "2001:db8::/32", "127.0.0.1", "::1", "192.168.1.7, 10.1.2.3",
                "fe80::1%eth0"));
    }

    @Provide
    Arbitrary<String> publicKeyPems() {
        return hostile(List.of(PublicKeyPemTest.pem("PUBLIC KEY", TestJws.keyPair(JwsAlgorithm.RS256).getPublic().getEncoded()),
                PublicKeyPemTest.pem("PUBLIC KEY", TestJws.keyPair(JwsAlgorithm.ES256).getPublic().getEncoded()),
                PublicKeyPemTest.pem("PUBLIC KEY", TestJws.keyPair(JwsAlgorithm.ES512).getPublic().getEncoded()),
                PublicKeyPemTest.pem("PUBLIC KEY", TestJws.keyPair(JwsAlgorithm.EdDSA).getPublic().getEncoded()),
                PublicKeyPemTest.pem("CERTIFICATE", TestJws.keyPair(JwsAlgorithm.ES384).getPublic().getEncoded())));
    }

    @Provide
    Arbitrary<String> keySets() {
        return hostile(List.of("{\"keys\":[" + JsonWebKeyTest.jwk(TestJws.keyPair(JwsAlgorithm.ES256).getPublic(), "\"kid\":\"a\"")
                + "," + JsonWebKeyTest.jwk(TestJws.keyPair(JwsAlgorithm.EdDSA).getPublic(), "\"use\":\"sig\"") + "]}",
                "{\"keys\":[" + JsonWebKeyTest.jwk(TestJws.keyPair(JwsAlgorithm.ES384).getPublic(), "\"alg\":\"ES384\"") + "]}",
                "{\"keys\":[" + JsonWebKeyTest.jwk(TestJws.keyPair(JwsAlgorithm.RS256).getPublic(), "\"kid\":\"r\"") + "]}"));
    }

    // ------------------------------------------------------------------------------------------------ properties

    @Property(tries = 1500, seed = SEED)
    void jsonIsReadOrRefusedAsInvalid(@ForAll("vaultBodies") String text) {
        try {
            JsonText.read(text);
        } catch (JsonText.Invalid expected) {
            // a 400
        }
    }

    @Property(tries = 1500, seed = SEED)
    void anExchangeBodyIsParsedOrRefusedAsAnInvalidRequest(@ForAll("exchangeBodies") String body) {
        try {
            new AccessTokenRequestParser(CATALOG).parse(body, "octocat", "playground");
        } catch (InvalidRequestException expected) {
            // a 400 with the issues listed
        }
    }

    @Property(tries = 1500, seed = SEED)
    void aVaultBodyPassesTheLimitsAndConversionsOrIsA400(@ForAll("vaultBodies") String body) {
        JsonValue value;
        try {
            value = JsonText.read(body);
        } catch (JsonText.Invalid expected) {
            return;
        }
        if (!(value instanceof JsonObject object)) {
            return;
        }
        try {
            VaultInputLimits.check(object);
            Fields fields = new Fields(object);
            for (String name : object.keySet()) {
                fields.string(name);
                fields.commaList(name);
                fields.duration(name);
                fields.integer(name);
                fields.bool(name);
                fields.pairs(name);
            }
        } catch (VaultException refused) {
            org.assertj.core.api.Assertions.assertThat(refused.kind()).as(refused.getMessage()).isEqualTo(VaultException.Kind.INVALID_REQUEST);
        }
    }

    @Property(tries = 1500, seed = SEED)
    void anAclPolicyIsParsedOrRefusedAsAPolicyError(@ForAll("aclPolicies") String text) {
        try {
            AclPolicyParser.parse(text);
        } catch (AclPolicyException expected) {
            // 400 "failed to parse policy"
        }
    }

    @Property(tries = 1500, seed = SEED)
    void anAccessPolicyIsParsedOrRefusedAsInvalid(@ForAll("accessPolicies") String text) {
        PolicyParser parser = new PolicyParser(CATALOG);
        try {
            parser.parseOwnerPolicy(text, "octocat", "access-token.yaml");
        } catch (InvalidPolicyException expected) {
            // the exchange's 403 naming the unreadable policy
        }
        try {
            parser.parseRepositoryPolicy(text, "octocat", "playground", ".github/access-token.yaml");
        } catch (InvalidPolicyException expected) {
            // same
        }
    }

    @Property(tries = 1000, seed = SEED)
    void aDurationIsReadOrRefusedAsAnIllegalArgument(@ForAll("durations") String text) {
        try {
            long seconds = VaultDurations.parseSeconds(text);
            org.assertj.core.api.Assertions.assertThat(seconds).isBetween(0L, Long.MAX_VALUE / 1_000_000_000L);
        } catch (IllegalArgumentException expected) {
            // 400 Field validation failed
        }
        try {
            Durations.parse(text);
        } catch (IllegalArgumentException expected) {
            // reported by readiness
        }
    }

    @Property(tries = 1000, seed = SEED)
    void aPublicKeyPemIsReadOrRefusedAsAnIllegalArgument(@ForAll("publicKeyPems") String text) {
        try {
            PublicKeyPem.parse(text);
        } catch (IllegalArgumentException expected) {
            // the caller's "error parsing public key: …"
        }
    }

    @Property(tries = 1000, seed = SEED)
    void aKeySetIsReadOrRefusedAsAFailedFetch(@ForAll("keySets") String body) {
        try {
            JsonWebKeys.parse(body, java.util.EnumSet.allOf(JwsAlgorithm.class));
        } catch (java.io.IOException expected) {
            // a failed fetch: the last keys keep serving
        }
    }

    @Property(tries = 1000, seed = SEED)
    void anAddressIsReadOrRefusedAsAnIllegalArgument(@ForAll("addresses") String text) {
        try {
            Cidr.parse(text);
        } catch (IllegalArgumentException expected) {
            // 400 error parsing address
        }
        try {
            ClientAddress.resolve("10.0.0.1", List.of(text), List.of(Cidr.parse("10.0.0.0/8")));
        } catch (IllegalArgumentException expected) {
            // 400 invalid X-Forwarded-For header
        }
    }
}
