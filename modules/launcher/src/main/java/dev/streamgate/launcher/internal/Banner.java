package dev.streamgate.launcher.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The text {@code make run} prints: where to point a client, a token, and commands to paste. */
public final class Banner {

    private Banner() {
    }

    /** The banner for a running stack. */
    public static String render(String wsUrl, List<String> coreUrls, String token, String user, String demoUrl,
            String managementEndpoint, String dynamoDbEndpoint) {
        String wsWithToken = wsUrl + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        String sse = coreUrls.get(0) + "/api/chat/stream";
        StringBuilder b = new StringBuilder();
        b.append('\n')
                .append("streamgate local stack is running (Ctrl-C stops everything)\n")
                .append("------------------------------------------------------------\n")
                .append("WebSocket  ").append(wsWithToken).append('\n')
                .append("SSE        ").append(sse).append('\n');
        for (int i = 1; i < coreUrls.size(); i++) {
            b.append("SSE (core ").append(i).append(") ").append(coreUrls.get(i)).append("/api/chat/stream\n");
        }
        b.append("Token      ").append(token).append("   (user ").append(user).append(")\n")
                .append("Demo page  ").append(demoUrl == null
                        ? "(not built: cd frontend-adapter && npm ci && npm run demo:build, then restart)" : demoUrl)
                .append('\n')
                .append("@connections ").append(managementEndpoint).append("/@connections/{connectionId}\n")
                .append("DynamoDB   ").append(dynamoDbEndpoint).append('\n')
                .append('\n')
                .append("Try it over SSE (a 10-second answer):\n")
                .append("  curl -N -X POST ").append(sse).append(" \\\n")
                .append("    -H 'Authorization: Bearer ").append(token).append("' \\\n")
                .append("    -H 'Content-Type: application/json' \\\n")
                .append("    -d '{\"requestId\":\"r1\",\"message\":\"hello\",\"options\":{\"tokens\":300,\"tokensPerSecond\":30}}'\n")
                .append('\n')
                .append("Try it over WebSocket (a 40-second answer, past API Gateway's 29 s):\n")
                .append("  npx wscat -c '").append(wsWithToken).append("'\n")
                .append("  > {\"action\":\"chat\",\"requestId\":\"r1\",\"message\":\"hello\",")
                .append("\"options\":{\"tokens\":1200,\"tokensPerSecond\":30}}\n")
                .append("  or: python3 -m websockets '").append(wsWithToken).append("'\n")
                .append("  then resume after a drop: {\"action\":\"resume\",\"streamId\":\"<from accepted>\",")
                .append("\"lastSeq\":<last seq seen>}\n")
                .append("  cancel: {\"action\":\"cancel\",\"streamId\":\"<from accepted>\"}   ping: {\"action\":\"ping\"}\n");
        return b.toString();
    }
}
