package dev.keel.detect.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditRecordTest {

    @Test
    void readsQuotedAndHexEncodedArgumentsOfAnExecveRecord() {
        // a2 holds a space, so auditd wrote it in hex: "id; uname -a"
        Map<String, String> fields = AuditRecord.parse("type=EXECVE msg=audit(1796724902.123:4711): argc=3 a0=\"sh\" "
                + "a1=\"-c\" a2=69643B20756E616D65202D61");

        assertThat(fields).containsEntry("type", "EXECVE").containsEntry("audit_serial", "4711")
                .containsEntry("audit_time", "1796724902.123").containsEntry("argc", "3").containsEntry("a0", "sh")
                .containsEntry("a1", "-c").containsEntry("a2", "id; uname -a");
    }

    @Test
    void leavesSyscallRegistersInHexAndReadsTheEnrichedNames() {
        Map<String, String> fields = AuditRecord.parse("type=SYSCALL msg=audit(1796724902.123:4712): arch=c000003e "
                + "syscall=41 success=yes exit=3 a0=26 a1=5 a2=0 a3=0 items=0 ppid=1 pid=812 auid=1000 comm=\"curl\" "
                + "exe=\"/usr/bin/curl\" key=\"susp_activity\"\u001dARCH=x86_64 SYSCALL=socket AUID=\"alice\"");

        assertThat(fields).containsEntry("a0", "26").containsEntry("a1", "5").containsEntry("exe", "/usr/bin/curl")
                .containsEntry("key", "susp_activity").containsEntry("SYSCALL", "socket")
                .containsEntry("AUID", "alice").containsEntry("arch", "c000003e");
    }

    @Test
    void decodesProctitleWithItsArgumentSeparators() {
        Map<String, String> fields = AuditRecord.parse("node=ws02 type=PROCTITLE msg=audit(1796724902.123:4713): "
                + "proctitle=6375726C002D6F002F746D702F2E78");

        assertThat(fields).containsEntry("node", "ws02").containsEntry("proctitle", "curl -o /tmp/.x");
    }

    @Test
    void readsTheFieldsOfAUserSpaceRecordsMessage() {
        Map<String, String> fields = AuditRecord.parse("type=USER_AUTH msg=audit(1796724902.123:4714): pid=900 "
                + "uid=0 auid=4294967295 ses=4294967295 msg='op=PAM:authentication grantors=? acct=\"alice\" "
                + "exe=\"/usr/sbin/sshd\" hostname=198.51.100.23 addr=198.51.100.23 terminal=ssh res=failed'");

        assertThat(fields).containsEntry("type", "USER_AUTH").containsEntry("op", "PAM:authentication")
                .containsEntry("acct", "alice").containsEntry("exe", "/usr/sbin/sshd")
                .containsEntry("addr", "198.51.100.23").containsEntry("res", "failed").containsEntry("pid", "900");
    }

    @Test
    void keepsAValueThatOnlyLooksLikeHexOutsideUntrustedFields() {
        Map<String, String> fields = AuditRecord.parse("type=PATH msg=audit(1796724902.123:4715): item=0 "
                + "name=(null) inode=10 dev=fd:01 mode=0100755");

        assertThat(fields).containsEntry("name", "(null)").containsEntry("mode", "0100755")
                .containsEntry("dev", "fd:01");
    }

    @Test
    void otherTextIsNotARecord() {
        assertThat(AuditRecord.parse("Failed password for invalid user admin from 198.51.100.23")).isNull();
        assertThat(AuditRecord.parse(null)).isNull();
    }
}
