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
}
