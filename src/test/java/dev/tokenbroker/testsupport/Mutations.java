package dev.tokenbroker.testsupport;

import java.util.Random;

/** Seeded mutations of valid samples, the raw material of the generated hostile-input tests. */
public final class Mutations {

    /** Characters that matter to the grammars here, plus control characters, NUL, quotes and non-BMP text. */
    private static final String ALPHABET = "{}[]\":,=#/*+-_.\\ \n\t\r\u0000\u0001'`${}()<>|&;!?%@~^0123456789"
            + "aeiouxyzAEZ\u00e9\u202e\ufeff\ud83d\ude00";

    /** Up to six edits of a sample: insertions, deletions, duplications, and deep nesting dropped in. */
    public static String mutate(String sample, Random random) {
        StringBuilder text = new StringBuilder(sample);
        int edits = 1 + random.nextInt(6);
        for (int i = 0; i < edits; i++) {
            int at = text.length() == 0 ? 0 : random.nextInt(text.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 1 -> {
                    if (text.length() > 0) {
                        int end = Math.min(text.length(), at + 1 + random.nextInt(8));
                        text.delete(Math.min(at, text.length() - 1), end);
                    }
                }
                case 2 -> {
                    int end = Math.min(text.length(), at + random.nextInt(40));
                    text.insert(at, text.substring(at, end).repeat(1 + random.nextInt(4)));
                }
                case 3 -> text.insert(at, "[".repeat(random.nextInt(200)) + "{".repeat(random.nextInt(200)));
                case 4 -> text.insert(at, String.valueOf(random.nextLong()) + (random.nextBoolean() ? "e999999999" : ".5"));
                default -> text.insert(at, "\"" + "x".repeat(random.nextInt(5_000)) + "\"");
            }
        }
        return text.toString();
    }

    private Mutations() {
    }
}
