package dev.keel.detect.rule;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Turns away, before they are evaluated, the rules an event cannot match: each rule's
 * {@link RequiredLiterals required literals} are looked for, together with every other rule's on
 * the same field, in one Aho-Corasick pass over each field's lower-cased text. A rule none of
 * whose literals is in any of its fields (for a keyword search: in any text of the event) is
 * skipped; a rule without a requirement, or whose field holds a list or a map (matched element
 * by element), is always evaluated. Immutable; one per log source.
 */
public final class RulePrefilter {

    /** One field's literals, and per literal the rules (indexes) it lets through. */
    private record FieldIndex(FieldRef field, LiteralAutomaton automaton, int[][] rulesOfLiteral, int[] rules) {}

    private final BitSet unfiltered = new BitSet();
    private final List<FieldIndex> fields = new ArrayList<>();

    /** @param detections in the order candidates are returned */
    public RulePrefilter(List<DetectionRule> detections) {
        Map<FieldRef, Map<Integer, Set<String>>> byField = new LinkedHashMap<>();
        for (int i = 0; i < detections.size(); i++) {
            RequiredLiterals.Requirement requirement = RequiredLiterals.of(detections.get(i).detection());
            if (requirement == null) {
                unfiltered.set(i);
                continue;
            }
            int rule = i;
            requirement.anyOf().forEach((field, literals) -> byField.computeIfAbsent(field,
                    f -> new LinkedHashMap<>()).put(rule, literals));
        }
        byField.forEach((field, literalsByRule) -> {
            Map<String, List<Integer>> rulesByLiteral = new LinkedHashMap<>();
            literalsByRule.forEach((rule, literals) -> literals.forEach(literal -> rulesByLiteral
                    .computeIfAbsent(literal, l -> new ArrayList<>()).add(rule)));
            int[][] rulesOfLiteral = rulesByLiteral.values().stream()
                    .map(rules -> rules.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
            fields.add(new FieldIndex(field, new LiteralAutomaton(new ArrayList<>(rulesByLiteral.keySet())),
                    rulesOfLiteral, literalsByRule.keySet().stream().mapToInt(Integer::intValue).toArray()));
        });
    }

    /** The indexes (into the detections given) of the rules worth evaluating on this event. */
    public BitSet candidates(EventView event) {
        BitSet candidates = (BitSet) unfiltered.clone();
        for (FieldIndex index : fields) {
            int[][] rulesOfLiteral = index.rulesOfLiteral();
            IntConsumer found = literal -> {
                for (int rule : rulesOfLiteral[literal]) {
                    candidates.set(rule);
                }
            };
            if (index.field() == RequiredLiterals.KEYWORDS) {
                for (String text : event.keywordLowered()) {
                    index.automaton().find(text, found); // per text: a literal never spans two values
                }
                continue;
            }
            Object raw = event.value(index.field());
            if (raw instanceof List<?> || raw instanceof Map<?, ?>) {
                for (int rule : index.rules()) {
                    candidates.set(rule);
                }
                continue;
            }
            String lower = event.text(index.field()) == null ? null : event.lowered(index.field());
            if (lower == null) {
                continue;
            }
            index.automaton().find(lower, found);
        }
        return candidates;
    }
}
