package dev.tokenbroker.vault.crypto.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest and token material for the Vault API (vault-api.md §5.1), pure and testable: subkeys derived
 * from a 32-byte master key with HKDF-SHA256 per purpose, AES-256-GCM with a random 96-bit nonce, and key ids so
 * that older master keys still decrypt during rotation. Ciphertexts read {@code v1.<keyid>.<base64url(nonce‖ct‖tag)>}.
 */
public final class Secrets {

    public static final String PAT = "vault/pat/v1";
    public static final String BATCH = "vault/batch/v1";
    public static final String LEASE = "vault/lease/v1";

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;

    /** Master keys by key id; the first is the current one. */
    private final Map<String, byte[]> keys;
    private final String currentId;

    public Secrets(byte[] current, List<byte[]> previous) {
        if (current.length != 32) {
            throw new IllegalArgumentException("the encryption key must be 32 bytes (base64 of 32 random bytes)");
        }
        Map<String, byte[]> all = new LinkedHashMap<>();
        currentId = keyId(current);
        all.put(currentId, current.clone());
        for (byte[] old : previous) {
            if (old.length != 32) {
                throw new IllegalArgumentException("every previous encryption key must be 32 bytes");
            }
            all.putIfAbsent(keyId(old), old.clone());
        }
        keys = all;
    }

    /** First 8 hex characters of SHA-256 of the master key: names the key without revealing it. */
    public static String keyId(byte[] master) {
        return HexFormat.of().formatHex(sha256(master)).substring(0, 8);
    }

    /** Whether this key id is the current key's or one of the previous keys'. */
    public boolean knows(String keyId) {
        return keys.containsKey(keyId);
    }

    public String currentKeyId() {
        return currentId;
    }

    public String encrypt(String purpose, String plaintext, String aad) {
        byte[] nonce = random(NONCE_BYTES);
        byte[] sealed = seal(subkey(keys.get(currentId), purpose), nonce, plaintext.getBytes(StandardCharsets.UTF_8), aad);
        return "v1." + currentId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(concat(nonce, sealed));
    }

    /** @throws IllegalArgumentException when the text is not ours, its key is unknown, or it was altered */
    public String decrypt(String purpose, String ciphertext, String aad) {
        String[] parts = ciphertext.split("\\.", 3);
        if (parts.length != 3 || !parts[0].equals("v1") || !keys.containsKey(parts[1])) {
            throw new IllegalArgumentException("the ciphertext's key is not configured");
        }
        byte[] raw = Base64.getUrlDecoder().decode(parts[2]);
        return new String(open(subkey(keys.get(parts[1]), purpose), raw, aad), StandardCharsets.UTF_8);
    }

    /** Key id of a stored ciphertext, to see whether it was written with the current key. */
    public static String keyIdOf(String ciphertext) {
        String[] parts = ciphertext.split("\\.", 3);
        return parts.length == 3 ? parts[1] : "";
    }

    /** A batch token: {@code hvb.} + base64url(0x01 ‖ key id (4 bytes) ‖ nonce ‖ AES-GCM(payload)), AAD {@code hvb.v1}. */
    public String sealBatch(String payload) {
        byte[] nonce = random(NONCE_BYTES);
        byte[] id = HexFormat.of().parseHex(currentId);
        byte[] sealed = seal(subkey(keys.get(currentId), BATCH), nonce, payload.getBytes(StandardCharsets.UTF_8), "hvb.v1");
        return "hvb." + Base64.getUrlEncoder().withoutPadding().encodeToString(concat(new byte[] {1}, id, nonce, sealed));
    }

    /** @throws IllegalArgumentException when the token is altered, from an unknown key, or not a batch token */
    public String openBatch(String token) {
        if (!token.startsWith("hvb.")) {
            throw new IllegalArgumentException("not a batch token");
        }
        byte[] raw = Base64.getUrlDecoder().decode(token.substring(4));
        if (raw.length < 1 + 4 + NONCE_BYTES + 16 || raw[0] != 1) {
            throw new IllegalArgumentException("not a batch token");
        }
        String id = HexFormat.of().formatHex(Arrays.copyOfRange(raw, 1, 5));
        if (!keys.containsKey(id)) {
            throw new IllegalArgumentException("the batch token's key is not configured");
        }
        return new String(open(subkey(keys.get(id), BATCH), Arrays.copyOfRange(raw, 5, raw.length), "hvb.v1"),
                StandardCharsets.UTF_8);
    }

    /** {@code prefix} + n characters of [0-9A-Za-z], each uniform from {@link SecureRandom}. */
    public static String randomBase62(String prefix, int length) {
        StringBuilder b = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) {
            b.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return b.toString();
    }

    /** A new service token: {@code hvs.} + 43 base62 characters (about 256 bits). */
    public static String newServiceToken() {
        return randomBase62("hvs.", 43);
    }

    /** A new accessor: 24 base62 characters. */
    public static String newAccessor() {
        return randomBase62("", 24);
    }

    /** HMAC-SHA256 (hex) of a secret for the audit trail, keyed from the master key: correlatable, not reversible. */
    public String auditHmac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(subkey(keys.get(currentId), "vault/audit/v1"), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }

    /** Lower-case hex SHA-256 of the whole token: what the database keeps instead of it. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] subkey(byte[] master, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = mac.doFinal(master);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }

    private static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, String aad) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    private static byte[] open(byte[] key, byte[] nonceAndSealed, String aad) {
        if (nonceAndSealed.length < NONCE_BYTES + 16) {
            throw new IllegalArgumentException("ciphertext too short");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(nonceAndSealed);
            byte[] nonce = new byte[NONCE_BYTES];
            in.get(nonce);
            byte[] sealed = new byte[in.remaining()];
            in.get(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the ciphertext was altered or belongs to something else");
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] random(int n) {
        byte[] out = new byte[n];
        RANDOM.nextBytes(out);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int size = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        ByteBuffer out = ByteBuffer.allocate(size);
        for (byte[] p : parts) {
            out.put(p);
        }
        return out.array();
    }
}
