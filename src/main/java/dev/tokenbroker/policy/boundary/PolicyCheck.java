package dev.tokenbroker.policy.boundary;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tokenbroker.policy.control.PermissionCatalog;
import dev.tokenbroker.policy.control.PolicyParser;
import dev.tokenbroker.policy.control.PolicyValidator;
import dev.tokenbroker.policy.entity.Finding;
import dev.tokenbroker.policy.entity.InvalidPolicyException;
import dev.tokenbroker.policy.entity.OwnerPolicy;

/**
 * {@code policy-check}: the broker's validation of access-token policy files, offline, for a CI step or a pre-commit
 * hook (issue 18). The same pure code the exchange parses with; no broker, no GitHub.
 *
 * <pre>
 * java -jar policy-check.jar [--repository OWNER/NAME] [--owner-policy FILE] FILE...
 * </pre>
 *
 * A file named {@code access-token.yaml} (or {@code .yml}) inside a {@code .github} directory is a repository policy;
 * elsewhere it is an owner policy (the root of {@code OWNER/.github-access-token}). {@code --repository} names the
 * repository the files belong to, so that {@code origin} is checked against it (without it, each file's own origin
 * is taken and a note says so). {@code --owner-policy} adds the check of repository policies against the owner
 * policy's {@code allowed-repository-permissions}. Prints one line per finding, {@code file:line:column: error|warning:
 * message}; exits 1 when there is an error, 2 when a file cannot be read or the arguments are wrong, else 0.
 * {@code policy-check explain ...} explains a decision instead ({@link PolicyExplain}).
 */
public final class PolicyCheck {

    private static final Pattern REPOSITORY = Pattern.compile("([A-Za-z0-9][A-Za-z0-9-]{0,38})/([A-Za-z0-9._-]{1,100})");
    private static final Pattern ORIGIN_LINE = Pattern.compile("(?m)^origin:\\s*['\"]?([^'\"#\\s]+)");
    private static final String USAGE = "usage: policy-check [--repository OWNER/NAME] [--owner-policy FILE] FILE...\n"
            + "       " + PolicyExplain.USAGE.substring("usage: ".length());

    private PolicyCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The exit status of one run; output on {@code out}, usage and read errors on {@code err}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("explain")) {
            return PolicyExplain.run(args, out, err);
        }
        Optional<String> repository = Optional.empty();
        Optional<Path> ownerPolicyFile = Optional.empty();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repository" -> {
                    if (i + 1 == args.length || !REPOSITORY.matcher(args[i + 1]).matches()) {
                        err.println("--repository needs OWNER/NAME\n" + USAGE);
                        return 2;
                    }
                    repository = Optional.of(args[++i]);
                }
                case "--owner-policy" -> {
                    if (i + 1 == args.length) {
                        err.println("--owner-policy needs a file\n" + USAGE);
                        return 2;
                    }
                    ownerPolicyFile = Optional.of(Path.of(args[++i]));
                }
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        PolicyValidator validator = new PolicyValidator(PermissionCatalog.standard());
        Optional<OwnerPolicy> ownerPolicy = Optional.empty();
        if (ownerPolicyFile.isPresent()) {
            try {
                String text = read(ownerPolicyFile.get());
                String owner = repository.map(r -> r.substring(0, r.indexOf('/')))
                        .or(() -> origin(text).map(o -> o.substring(0, o.indexOf('/')))).orElse("");
                ownerPolicy = Optional.of(new PolicyParser(PermissionCatalog.standard(), (f, p, w, v) -> { })
                        .parseOwnerPolicy(text, owner, ownerPolicyFile.get().toString()));
            } catch (IOException | InvalidPolicyException e) {
                err.println(ownerPolicyFile.get() + ": the owner policy cannot be used: " + message(e));
                return 2;
            }
        }
        int errors = 0;
        int warnings = 0;
        boolean unreadable = false;
        for (Path file : files) {
            String text;
            try {
                text = read(file);
            } catch (IOException e) {
                err.println(file + ": cannot be read: " + message(e));
                unreadable = true;
                continue;
            }
            boolean repositoryPolicy = file.getParent() != null && file.getParent().getFileName() != null
                    && file.getParent().getFileName().toString().equals(".github");
            Optional<String> origin = repository.or(() -> origin(text));
            if (repository.isEmpty()) {
                out.println(file + ": note: origin not checked against a repository (give --repository OWNER/NAME)");
            }
            String owner = origin.map(o -> o.substring(0, o.indexOf('/'))).orElse("unknown");
            String name = origin.map(o -> o.substring(o.indexOf('/') + 1)).orElse("unknown");
            List<Finding> findings = repositoryPolicy
                    ? validator.validateRepositoryPolicy(text, owner, name, file.toString(), ownerPolicy)
                    : validator.validateOwnerPolicy(text, owner, file.toString());
            for (Finding finding : findings) {
                out.println(finding.render(file.toString()));
                if (finding.severity() == Finding.Severity.ERROR) {
                    errors++;
                } else {
                    warnings++;
                }
            }
        }
        out.println(errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings + " warning" + (warnings == 1 ? "" : "s"));
        return unreadable ? 2 : errors > 0 ? 1 : 0;
    }

    /** The file as UTF-8, refusing bytes that are not (as the broker does). */
    private static String read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("not valid UTF-8", e);
        }
    }

    /** The file's own {@code origin}, read from its text, when it is OWNER/NAME. */
    private static Optional<String> origin(String text) {
        Matcher m = ORIGIN_LINE.matcher(text);
        return m.find() && REPOSITORY.matcher(m.group(1)).matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String message(Exception e) {
        return e instanceof InvalidPolicyException invalid ? String.join("; ", invalid.details()) : e.getMessage();
    }
}
