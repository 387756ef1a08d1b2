package dev.keel.detect.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A made-up rule corpus shaped like SigmaHQ's (rules/, rules-emerging-threats/,
 * rules-threat-hunting/ of August 2026, measured with a script over the checkout): 3,754
 * detection rules with its counts per log source, selections per rule, fields per selection,
 * modifier frequencies (contains 37 %, equals 28 %, endswith 28 %, startswith 5 %, re 2 %, with
 * all 9 %, windash 1 %), value-list sizes (mean 3.7), a NOT filter in 21 % of rules, keyword
 * selections in 3 %. Values mix the names a busy workstation's events carry (so that, as with
 * the real corpus, the prefilter lets many rules through that then do not match) with made-up
 * words; a rule that names a common value also needs a made-up one, so benign events raise
 * nothing. Five {@link #KNOWN_ATTACKS known-attack} rules match the attacks
 * {@code SigmaShapedEvents} plants. Deterministic for a seed. No SigmaHQ rule is copied.
 */
public final class SigmaShapedCorpus {

    /** Rule files of this corpus, as in the real one. */
    public static final int RULES = 3754;
    /** The ids of the rules that match the planted attacks. */
    public static final List<String> KNOWN_ATTACKS = List.of("known-certutil-download", "known-run-key",
            "known-new-user", "known-auditd-curl", "known-sshd-invalid-user");

    /** A log source of the corpus, how many of its rules it has, and the fields its rules name. */
    private record Source(String product, String category, String service, int rules, String[] fields) {}

    private static final String[] PROCESS = {"Image", "CommandLine", "OriginalFileName", "ParentImage",
        "ParentCommandLine", "User", "IntegrityLevel", "CurrentDirectory", "Hashes"};
    private static final List<Source> SOURCES = List.of(
            new Source("windows", "process_creation", null, 1415, PROCESS),
            new Source("windows", "registry_set", null, 224, new String[] {"TargetObject", "Details", "Image"}),
            new Source("windows", "file_event", null, 220, new String[] {"TargetFilename", "Image"}),
            new Source("windows", "ps_script", null, 178, new String[] {"ScriptBlockText", "Path"}),
            new Source("windows", null, "security", 167, new String[] {"EventID", "TargetUserName",
                "SubjectUserName", "LogonType", "IpAddress", "ObjectName", "ServiceName", "AccessMask"}),
            new Source("linux", "process_creation", null, 144, new String[] {"Image", "CommandLine", "ParentImage"}),
            new Source("windows", "image_load", null, 125, new String[] {"ImageLoaded", "Image", "Signed"}),
            new Source(null, "webserver", null, 86, new String[] {"cs-uri-query", "cs-method", "sc-status"}),
            new Source("windows", null, "system", 74, new String[] {"EventID", "Provider_Name", "ImagePath",
                "ServiceName"}),
            new Source("macos", "process_creation", null, 70, new String[] {"Image", "CommandLine"}),
            new Source("windows", "network_connection", null, 61, new String[] {"DestinationIp", "DestinationPort",
                "DestinationHostname", "Image", "Initiated"}),
            new Source("aws", null, "cloudtrail", 57, new String[] {"eventName", "eventSource"}),
            new Source(null, "proxy", null, 56, new String[] {"c-uri", "c-useragent", "cs-host"}),
            new Source("linux", null, "auditd", 54, new String[] {"type", "a0", "a1", "a2", "exe", "key", "name"}),
            new Source("azure", null, "auditlogs", 44, new String[] {"operationName", "Category"}),
            new Source("windows", "registry_event", null, 41, new String[] {"TargetObject", "Details"}),
            new Source("azure", null, "activitylogs", 35, new String[] {"operationName"}),
            new Source("windows", "ps_module", null, 34, new String[] {"Payload", "ContextInfo"}),
            new Source("windows", null, "application", 32, new String[] {"EventID", "Provider_Name", "Data"}),
            new Source("windows", "process_access", null, 29, new String[] {"TargetImage", "SourceImage",
                "GrantedAccess", "CallTrace"}),
            new Source("windows", "dns_query", null, 28, new String[] {"QueryName", "Image"}),
            new Source("windows", "pipe_created", null, 20, new String[] {"PipeName", "Image"}),
            new Source("linux", "file_event", null, 18, new String[] {"TargetFilename"}),
            new Source("windows", null, "windefend", 17, new String[] {"EventID", "ThreatName"}),
            new Source("linux", null, null, 16, new String[] {}),
            new Source("windows", "create_remote_thread", null, 15, new String[] {"SourceImage", "TargetImage",
                "StartModule"}),
            new Source("windows", "file_delete", null, 14, new String[] {"TargetFilename"}),
            new Source("linux", null, "sshd", 3, new String[] {}),
            new Source("linux", null, "sudo", 1, new String[] {}));
    /** The rest of the corpus: small log sources (cloud, network devices, applications) with few rules each. */
    private static final int OTHER_SOURCES = 107;

    /** What a busy workstation's events carry: rules that name these let the prefilter through. */
    private static final String[] COMMON = {"\\svchost.exe", "\\explorer.exe", "\\chrome.exe", "\\cmd.exe",
        "\\powershell.exe", "\\rundll32.exe", "\\conhost.exe", "\\winword.exe", "C:\\Windows\\System32\\",
        "C:\\Program Files\\", "\\AppData\\Local\\Temp\\", " -k ", "--type=", "HKCU\\Software\\Microsoft\\",
        "\\CurrentVersion\\", "SYSTEM", "alice", "4624", "4672", "/usr/bin/", "EXECVE", "SYSCALL", "Medium"};

    private final Random random;

    private SigmaShapedCorpus(long seed) {
        this.random = new Random(seed);
    }

    /** Writes the corpus into {@code directory} (one file per rule, in sub-directories per log source). */
    public static Path write(Path directory, long seed) {
        try {
            new SigmaShapedCorpus(seed).writeAll(directory);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeAll(Path directory) throws IOException {
        int written = 0;
        List<Source> sources = new ArrayList<>(SOURCES);
        int listed = SOURCES.stream().mapToInt(Source::rules).sum();
        int rest = RULES - listed - KNOWN_ATTACKS.size();
        for (int i = 0; i < OTHER_SOURCES; i++) {
            int rules = rest / OTHER_SOURCES + (i < rest % OTHER_SOURCES ? 1 : 0);
            sources.add(new Source("vendor" + i, null, "audit", rules, new String[] {"action", "user", "src_ip",
                "outcome"}));
        }
        for (Source source : sources) {
            Path dir = Files.createDirectories(directory.resolve(folder(source)));
            for (int i = 0; i < source.rules(); i++) {
                String id = "gen-" + written++;
                Files.writeString(dir.resolve(id + ".yml"), rule(id, source));
            }
        }
        writeKnownAttacks(Files.createDirectories(directory.resolve("known")));
    }

    private static String folder(Source source) {
        return String.join("_", source.product() == null ? "any" : source.product(),
                source.category() == null ? "-" : source.category(), source.service() == null ? "-" : source.service());
    }

    private String rule(String id, Source source) {
        StringBuilder yaml = new StringBuilder("title: Generated rule ").append(id).append("\nid: ").append(id)
                .append("\nstatus: test\nlevel: medium\nlogsource:\n");
        SigmaRuleFiles.appendIf(yaml, "product", source.product());
        SigmaRuleFiles.appendIf(yaml, "category", source.category());
        SigmaRuleFiles.appendIf(yaml, "service", source.service());
        yaml.append("detection:\n");
        if (source.fields().length == 0 || random.nextInt(100) < 3) {
            yaml.append("    keywords:\n");
            for (int i = listSize(); i > 0; i--) {
                yaml.append("        - '").append(quote(rare())).append("'\n");
            }
            return yaml.append("    condition: keywords\n").toString();
        }
        int selections = selections();
        boolean filtered = random.nextInt(100) < 21;
        for (int s = 0; s < selections; s++) {
            yaml.append("    selection_").append(s).append(":\n");
            // The first selection of a rule naming a common value is joined by one that names a rare one.
            boolean common = s == 0 && random.nextInt(100) < 40;
            if (common && selections == 1) {
                selections++;
            }
            selection(yaml, source, common);
        }
        if (filtered) {
            yaml.append("    filter_main:\n");
            selection(yaml, source, true);
        }
        yaml.append("    condition: all of selection_*").append(filtered ? " and not 1 of filter_*" : "")
                .append('\n');
        return yaml.toString();
    }

    private void selection(StringBuilder yaml, Source source, boolean common) {
        boolean anyOf = random.nextInt(100) < 26;
        int maps = anyOf ? 2 + random.nextInt(2) : 1;
        for (int m = 0; m < maps; m++) {
            int fields = fieldsPerMap();
            Set<String> keys = new HashSet<>();
            for (int f = 0; f < fields; f++) {
                String field = source.fields()[random.nextInt(source.fields().length)];
                String modifier = modifier();
                if (!keys.add(field + modifier)) {
                    continue; // a key once per map, as YAML (and Keel) require
                }
                String indent = anyOf ? (keys.size() == 1 ? "        - " : "          ") : "        ";
                yaml.append(indent).append(field).append(modifier).append(":\n");
                for (int v = listSize(); v > 0; v--) {
                    String value = modifier.equals("|re") ? word() + "[0-9]{2,}\\.(exe|dll)"
                            : common ? common() : rare();
                    yaml.append(indent.replace('-', ' ')).append("    - '").append(quote(value)).append("'\n");
                }
            }
        }
    }

    private String modifier() {
        int roll = random.nextInt(1000);
        String type = roll < 370 ? "|contains" : roll < 650 ? "" : roll < 925 ? "|endswith" : roll < 970
                ? "|startswith" : roll < 987 ? "|re" : "|contains";
        if (type.equals("|re")) {
            return type;
        }
        if (!type.isEmpty() && random.nextInt(100) < 9) {
            type += "|all";
        }
        if (type.startsWith("|contains") && random.nextInt(100) < 3) {
            type += "|windash";
        }
        return type;
    }

    private int selections() {
        int roll = random.nextInt(100);
        return roll < 51 ? 1 : roll < 77 ? 2 : roll < 88 ? 3 : roll < 94 ? 4 : 5 + random.nextInt(4);
    }

    private int fieldsPerMap() {
        int roll = random.nextInt(100);
        return roll < 72 ? 1 : roll < 92 ? 2 : roll < 98 ? 3 : 4;
    }

    private int listSize() {
        int roll = random.nextInt(100);
        return roll < 60 ? 1 : roll < 80 ? 2 : roll < 87 ? 3 : roll < 91 ? 4 : 5 + random.nextInt(11);
    }

    private String common() {
        return COMMON[random.nextInt(COMMON.length)];
    }

    /** A made-up word, sometimes shaped as a program, a switch or a path piece. */
    private String rare() {
        String word = word();
        return switch (random.nextInt(4)) {
            case 0 -> "\\" + word + ".exe";
            case 1 -> " -" + word;
            case 2 -> "\\" + word + "\\";
            default -> word.toString();
        };
    }

    private String word() {
        StringBuilder word = new StringBuilder();
        for (int i = 3 + random.nextInt(4); i > 0; i--) {
            word.append("bcdfghklmnprstvz".charAt(random.nextInt(16))).append("aeiou".charAt(random.nextInt(5)));
        }
        return word.toString();
    }

    private static String quote(String value) {
        return value.replace("'", "''");
    }


    private static void writeKnownAttacks(Path dir) throws IOException {
        SigmaRuleFiles.write(dir, "known-certutil-download", "windows", "process_creation", null, """
                selection_img:
                    - Image|endswith: '\\certutil.exe'
                    - OriginalFileName: 'CertUtil.exe'
                selection_cli:
                    CommandLine|contains|windash|all: [' -urlcache ', 'http']
                condition: all of selection_*""");
        SigmaRuleFiles.write(dir, "known-run-key", "windows", "registry_set", null, """
                selection:
                    TargetObject|contains: '\\CurrentVersion\\Run\\'
                    Details|contains: '\\AppData\\Local\\Temp\\'
                condition: selection""");
        SigmaRuleFiles.write(dir, "known-new-user", "windows", null, "security", """
                selection:
                    EventID: 4720
                condition: selection""");
        SigmaRuleFiles.write(dir, "known-auditd-curl", "linux", null, "auditd", """
                selection:
                    type: EXECVE
                    a0: curl
                    a3|startswith: 'http://'
                condition: selection""");
        SigmaRuleFiles.write(dir, "known-sshd-invalid-user", "linux", null, "sshd", """
                keywords:
                    - 'Failed password for invalid user'
                condition: keywords""");
    }
}
