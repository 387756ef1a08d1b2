package dev.keel.storage.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Plain queries over ClickHouse's HTTP interface, for tests to look at what was stored
 * independently of the code under test.
 *
 * @param url such as {@code http://127.0.0.1:8123}
 * @param username the user
 * @param password the password, empty for none
 */
public record ClickHouseHttp(String url, String username, String password) {

    /** Runs {@code sql} and returns the response body; fails on any error. */
    public String query(String sql) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url + "/").toURL().openConnection();
        try {
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(60_000);
            String credentials = username + ":" + password;
            connection.setRequestProperty("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            try (OutputStream out = connection.getOutputStream()) {
                out.write(sql.getBytes(StandardCharsets.UTF_8));
            }
            int status = connection.getResponseCode();
            InputStream body = status == 200 ? connection.getInputStream() : connection.getErrorStream();
            String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
            if (status != 200) {
                throw new IOException("ClickHouse answered " + status + " to [" + sql + "]: " + text);
            }
            return text;
        } finally {
            connection.disconnect();
        }
    }

    /** Runs a query returning one number. */
    public long queryLong(String sql) throws IOException {
        return Long.parseLong(query(sql).strip());
    }
}
