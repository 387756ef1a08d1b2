package dev.keel.detect.rule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValueCompilerTest {

    @Test
    void theRequiredPrefixOfARegexIsOnlyTextEveryMatchContains() {
        assertThat(ValueCompiler.requiredPrefix("error code E1[0-9]{2} from [a-z]+")).isEqualTo("error code E1");
        assertThat(ValueCompiler.requiredPrefix("abc*d")).as("the quantifier makes c optional").isEqualTo("ab");
        assertThat(ValueCompiler.requiredPrefix("a?b")).isEmpty();
        assertThat(ValueCompiler.requiredPrefix("foo|bar")).isEmpty();
        assertThat(ValueCompiler.requiredPrefix("(foo)bar")).isEmpty();
        assertThat(ValueCompiler.requiredPrefix("^start")).isEmpty();
        assertThat(ValueCompiler.requiredPrefix("user\\d+")).isEqualTo("user");
        assertThat(ValueCompiler.requiredPrefix("a.b")).isEqualTo("a");
    }

    @Test
    void leadingAndTrailingStarsWidenTheAnchorInsteadOfBecomingExpressions() throws Exception {
        ValueCompiler compiler = new ValueCompiler(1_000_000);
        assertThat(compiler.compile(FieldKey.parse("f"), "*\\cmd.exe", "w"))
                .isEqualTo(new ValueTest.Text(ValueTest.Anchor.ENDS, "\\cmd.exe", false));
        assertThat(compiler.compile(FieldKey.parse("f|contains"), "*Mimikatz*", "w"))
                .isEqualTo(new ValueTest.Text(ValueTest.Anchor.CONTAINS, "mimikatz", false));
        assertThat(compiler.compile(FieldKey.parse("f"), "adm*", "w"))
                .isEqualTo(new ValueTest.Text(ValueTest.Anchor.STARTS, "adm", false));
        assertThat(compiler.compile(FieldKey.parse("f"), "\\*literal", "w"))
                .isEqualTo(new ValueTest.Text(ValueTest.Anchor.EXACT, "*literal", false));
        assertThat(compiler.compile(FieldKey.parse("f"), "*a*b*", "w")).isInstanceOf(ValueTest.Glob.class);
    }

    @Test
    void wildcardsInsideAValueMatchWithoutARegularExpression() throws Exception {
        ValueCompiler compiler = new ValueCompiler(1_000_000);
        ValueTest exact = compiler.compile(FieldKey.parse("f"), "a?c*e", "w");
        assertThat(exact).isInstanceOf(ValueTest.Glob.class);
        assertThat(glob(exact, "abcde")).isTrue();
        assertThat(glob(exact, "ABCxxE")).as("case-insensitive").isTrue();
        assertThat(glob(exact, "ace")).as("? is exactly one character").isFalse();
        assertThat(glob(exact, "abce")).isTrue();
        assertThat(glob(exact, "abcdef")).as("exact: nothing after the last piece").isFalse();

        ValueTest contains = compiler.compile(FieldKey.parse("f|contains"), "x*x*y", "w");
        assertThat(glob(contains, "..x..x..y..")).isTrue();
        assertThat(glob(contains, "xy")).as("the two x pieces need two x").isFalse();
        assertThat(glob(contains, "x".repeat(100_000))).isFalse();

        ValueTest starts = compiler.compile(FieldKey.parse("f|startswith"), "ab**c", "w");
        assertThat(glob(starts, "abxxcde")).isTrue();
        assertThat(glob(starts, "xabc")).isFalse();

        ValueTest ends = compiler.compile(FieldKey.parse("f|endswith|cased"), "A?c", "w");
        assertThat(glob(ends, "zzAbc")).isTrue();
        assertThat(glob(ends, "zzabc")).as("cased").isFalse();
        assertThat(glob(ends, "Abcz")).isFalse();

        ValueTest onlyOne = compiler.compile(FieldKey.parse("f"), "??", "w");
        assertThat(glob(onlyOne, "ab")).isTrue();
        assertThat(glob(onlyOne, "abc")).isFalse();
    }

    private static boolean glob(ValueTest test, String text) {
        return test.test(text, text, EventView.lower(text));
    }
}
