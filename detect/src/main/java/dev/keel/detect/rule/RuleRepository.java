package dev.keel.detect.rule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Loads the rules directory: every {@code *.yml} and {@code *.yaml} file below it (hidden files
 * and directories skipped), each possibly holding several YAML documents.
 *
 * <p>A file is the unit of failure. A file that does not parse or compile is reported and left
 * out; if an earlier load read a good version of it, that version stays in force (so one broken
 * edit never takes a working rule away), and it is listed in {@link RuleLoad#keptPrevious()}.
 * A correlation rule whose sources cannot be found is left out alone. Loads are serialised.
 */
public final class RuleRepository {

    private static final long MAX_FILE_BYTES = 4L << 20;

    private final Path directory;
    private final long regexTimeoutNanos;
    /** The configured values of the {@code expand} placeholders. */
    private final Map<String, List<String>> placeholders;
    /** The documents of the last version of each file that compiled; guarded by {@code this}. */
    private final Map<Path, List<Map<?, ?>>> lastGood = new HashMap<>();
    /** Names, sizes and modification times of the files the last load read; guarded by {@code this}. */
    private String lastStamp = "";
    /** Which file each rule id came from in the last load: that file keeps the id if another claims it. */
    private Map<String, Path> owners = Map.of();

    public RuleRepository(Path directory, Duration regexTimeout, Map<String, List<String>> placeholders) {
        this.directory = directory;
        this.regexTimeoutNanos = regexTimeout.toNanos();
        this.placeholders = Map.copyOf(placeholders);
    }

    public RuleRepository(Path directory, Duration regexTimeout) {
        this(directory, regexTimeout, Map.of());
    }

    public Path directory() {
        return directory;
    }

    /** Reads and compiles every rule file; throws only when the directory itself cannot be listed. */
    public synchronized RuleLoad load() throws IOException {
        List<Path> files = ruleFiles();
        lastStamp = stamp(files);
        FieldTable fields = new FieldTable();
        Placeholders used = new Placeholders(placeholders);
        RuleDocumentParser parser = new RuleDocumentParser(fields,
                new DetectionCompiler(fields, new ValueCompiler(regexTimeoutNanos, used)));
        List<RuleLoadError> errors = new ArrayList<>();
        List<Path> kept = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        Map<Path, List<Rule>> compiled = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                List<Map<?, ?>> documents = read(file);
                compiled.put(file, compile(parser, file, documents));
                lastGood.put(file, documents);
            } catch (RuleException | IOException broken) {
                errors.add(new RuleLoadError(file, broken.getMessage()));
                List<Map<?, ?>> previous = lastGood.get(file);
                if (previous != null) {
                    try {
                        compiled.put(file, compile(parser, file, previous));
                        kept.add(file);
                    } catch (RuleException stale) {
                        lastGood.remove(file);
                    }
                }
            }
        }
        lastGood.keySet().retainAll(files);
        for (String name : used.missing()) {
            notices.add("placeholder %" + name + "% has no values (set keel.detect.placeholders." + name
                    + "): until it has, the rule values that expand it match nothing");
        }
        RuleSet rules = new RuleLinker(errors, owners).link(compiled, fields.size());
        Map<String, Path> ids = new HashMap<>();
        rules.detectionRules().forEach(rule -> ids.put(rule.id(), rule.file()));
        rules.correlationRules().forEach(rule -> ids.put(rule.id(), rule.file()));
        owners = ids;
        return new RuleLoad(rules, errors, kept, files.size(), notices);
    }

    /** True if a rule file was added, removed or modified since the last load began. */
    public synchronized boolean changedSinceLastLoad() throws IOException {
        return !stamp(ruleFiles()).equals(lastStamp);
    }

    private static String stamp(List<Path> files) throws IOException {
        StringBuilder stamp = new StringBuilder();
        for (Path file : files) {
            stamp.append(file).append('\u0000').append(Files.size(file)).append('\u0000')
                    .append(Files.getLastModifiedTime(file).toMillis()).append('\n');
        }
        return stamp.toString();
    }

    private List<Path> ruleFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile)
                    .filter(this::visible)
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        return name.endsWith(".yml") || name.endsWith(".yaml");
                    })
                    .sorted()
                    .toList();
        }
    }

    private boolean visible(Path file) {
        for (Path part : directory.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private static List<Map<?, ?>> read(Path file) throws IOException, RuleException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new RuleException("file is larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // a repeated key would silently drop one of the values
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<Map<?, ?>> documents = new ArrayList<>();
        try {
            int index = 0;
            for (Object document : yaml.loadAll(text)) {
                index++;
                if (document == null) {
                    continue;
                }
                if (!(document instanceof Map<?, ?> map)) {
                    throw new RuleException("document " + index + " is not a map of rule attributes");
                }
                documents.add(map);
            }
        } catch (YAMLException bad) {
            throw new RuleException("invalid YAML: " + bad.getMessage().replace('\n', ' '));
        }
        if (documents.isEmpty()) {
            throw new RuleException("no rule in the file");
        }
        return documents;
    }

    private List<Rule> compile(RuleDocumentParser parser, Path file, List<Map<?, ?>> documents)
            throws RuleException {
        String base = directory.relativize(file).toString().replace('\\', '/').replaceFirst("\\.ya?ml$", "");
        List<Rule> rules = new ArrayList<>();
        Problems problems = new Problems();
        for (int i = 0; i < documents.size(); i++) {
            Map<?, ?> document = documents.get(i);
            String fallbackId = documents.size() == 1 ? base : base + "#" + (i + 1);
            try {
                Rule rule = parser.parse(document, file, fallbackId);
                rules.add(rule);
            } catch (RuleException bad) {
                Object title = document.get("title");
                problems.add("document " + (i + 1) + (title != null ? " ('" + title + "')" : "") + ": "
                        + bad.getMessage());
            }
        }
        problems.throwIfAny();
        return rules;
    }
}
