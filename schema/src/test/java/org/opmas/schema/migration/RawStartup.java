package org.opmas.schema.migration;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens a session with a bare PostgreSQL protocol-3 startup message (no client TimeZone, unlike
 * pgjdbc) and returns the ParameterStatus values the server reports. Trust authentication only.
 */
final class RawStartup {

    private RawStartup() {
    }

    static Map<String, String> parameters(int port, String user, String database) throws IOException {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream b = new DataOutputStream(body);
            b.writeInt(196608);                              // protocol 3.0
            for (String kv : new String[] {"user", user, "database", database}) {
                b.write(kv.getBytes(StandardCharsets.UTF_8));
                b.write(0);
            }
            b.write(0);
            out.writeInt(body.size() + 4);
            out.write(body.toByteArray());
            out.flush();

            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                int type = in.readUnsignedByte();
                byte[] msg = new byte[in.readInt() - 4];
                in.readFully(msg);
                switch (type) {
                    case 'R' -> {
                        int code = ((msg[0] & 0xff) << 24) | ((msg[1] & 0xff) << 16) | ((msg[2] & 0xff) << 8) | (msg[3] & 0xff);
                        if (code != 0) {
                            throw new IOException("server asks for authentication method " + code + " (not trust)");
                        }
                    }
                    case 'S' -> {
                        String[] parts = new String(msg, StandardCharsets.UTF_8).split("\0");
                        params.put(parts[0], parts.length > 1 ? parts[1] : "");
                    }
                    case 'E' -> throw new IOException("server error: " + new String(msg, StandardCharsets.UTF_8));
                    case 'Z' -> {
                        out.write('X');
                        out.writeInt(4);
                        out.flush();
                        return params;
                    }
                    default -> {
                        // BackendKeyData etc.
                    }
                }
            }
        }
    }
}
