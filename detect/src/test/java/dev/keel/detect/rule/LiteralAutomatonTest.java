package dev.keel.detect.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LiteralAutomatonTest {

    @Test
    void findsOverlappingAndNestedLiterals() {
        List<String> literals = List.of("he", "she", "his", "hers", "\\certutil.exe", "certutil", "é");
        Set<Integer> found = find(new LiteralAutomaton(literals), "ushers ran c:\\windows\\certutil.exe café");

        assertThat(found).extracting(literals::get)
                .containsExactlyInAnyOrder("he", "she", "hers", "\\certutil.exe", "certutil", "é");
    }

    @Test
    void agreesWithStringContainsOnRandomLiteralsAndTexts() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            List<String> literals = new ArrayList<>();
            for (int i = random.nextInt(40) + 1; i > 0; i--) {
                literals.add(text(random, random.nextInt(5) + 1));
            }
            LiteralAutomaton automaton = new LiteralAutomaton(literals);
            String text = text(random, random.nextInt(60));
            Set<Integer> expected = new TreeSet<>();
            for (int id = 0; id < literals.size(); id++) {
                if (text.contains(literals.get(id))) {
                    expected.add(id);
                }
            }

            assertThat(find(automaton, text)).as("%s in %s", literals, text).isEqualTo(expected);
        }
    }

    /** A small alphabet, with one non-ASCII letter, so that literals overlap often. */
    private static String text(Random random, int length) {
        String alphabet = "abc\\.é";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static Set<Integer> find(LiteralAutomaton automaton, String text) {
        Set<Integer> found = new TreeSet<>();
        automaton.find(text, found::add);
        return found;
    }
}
