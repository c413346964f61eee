package dev.tokenbroker.policycheck.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** GitHub's X-Hub-Signature-256, with the example of GitHub's "Validating webhook deliveries" page. */
class WebhookSignatureTest {

    private static final byte[] SECRET = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);

    @Test
    void githubsDocumentedExampleVerifies() {
        assertThat(WebhookSignature.valid(SECRET, BODY,
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")).isTrue();
        assertThat(WebhookSignature.header("It's a Secret to Everybody", BODY))
                .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void anythingElseIsRefused() {
        String good = WebhookSignature.header("It's a Secret to Everybody", BODY);
        assertThat(WebhookSignature.valid(SECRET, "Hello, World?".getBytes(StandardCharsets.UTF_8), good)).as("tampered").isFalse();
        assertThat(WebhookSignature.valid("another secret".getBytes(StandardCharsets.UTF_8), BODY, good)).isFalse();
        assertThat(WebhookSignature.valid(SECRET, BODY, null)).isFalse();
        assertThat(WebhookSignature.valid(SECRET, BODY, "")).isFalse();
        assertThat(WebhookSignature.valid(SECRET, BODY, good.replace("sha256=", "sha1="))).isFalse();
        assertThat(WebhookSignature.valid(SECRET, BODY, "sha256=" + "zz".repeat(32))).isFalse();
        assertThat(WebhookSignature.valid(SECRET, BODY, good.substring(0, good.length() - 2))).isFalse();
        assertThat(WebhookSignature.valid(SECRET, BODY, good.toUpperCase().replace("SHA256=", "sha256="))).as("hex case").isTrue();
    }
}
