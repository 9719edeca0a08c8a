package dev.streamgate.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * One synthesized app (the equivalent of {@code cdk synth} with {@code cdk.json}'s context, a dummy
 * account and a fixed region), shared by the tests of one class: jsii start-up is slow.
 */
record Synthesized(StreamgateStack stack, Template template, Map<String, Object> json, CloudAssembly assembly, Path outdir) {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";

    static Synthesized of(Map<String, Object> overrides) {
        Map<String, Object> context = new LinkedHashMap<>(cdkJsonContext());
        context.put("account", ACCOUNT);
        context.put("region", REGION);
        context.putAll(overrides);
        try {
            Path outdir = Files.createTempDirectory("streamgate-cdk-out");
            App app = new App(AppProps.builder().context(context).outdir(outdir.toString()).build());
            StreamgateStack stack = StreamgateApp.build(app);
            CloudAssembly assembly = app.synth();
            Template template = Template.fromStack(stack);
            return new Synthesized(stack, template, template.toJSON(), assembly, outdir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = new ObjectMapper().readValue(Path.of("cdk.json").toFile(), Map.class);
            return (Map<String, Object>) cdkJson.get("context");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read infra/cdk.json (tests run from the infra module directory)", e);
        }
    }

    /** Resources of one type: logical id → resource (Type, Properties, ...). */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        ((Map<String, Object>) json.get("Resources")).forEach((id, r) -> {
            Map<String, Object> res = (Map<String, Object>) r;
            if (type.equals(res.get("Type"))) {
                out.put(id, res);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        Object p = resource.get("Properties");
        return p == null ? Map.of() : (Map<String, Object>) p;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        if (o == null) {
            return List.of();
        }
        return o instanceof List<?> l ? (List<Object>) l : List.of(o);
    }

    /** Every IAM statement in the template, with where it was found. */
    List<Statement> iamStatements() {
        List<Statement> out = new ArrayList<>();
        resources("AWS::IAM::Policy").forEach((id, r) -> addAll(out, id, props(r).get("PolicyDocument")));
        resources("AWS::IAM::ManagedPolicy").forEach((id, r) -> addAll(out, id, props(r).get("PolicyDocument")));
        resources("AWS::IAM::Role").forEach((id, r) -> list(props(r).get("Policies"))
                .forEach(p -> addAll(out, id, map(p).get("PolicyDocument"))));
        return out;
    }

    private static void addAll(List<Statement> out, String where, Object document) {
        for (Object s : list(map(document).get("Statement"))) {
            Map<String, Object> st = map(s);
            out.add(new Statement(where, list(st.get("Action")), list(st.get("Resource")), st));
        }
    }

    /** One IAM statement. */
    record Statement(String where, List<Object> actions, List<Object> resources, Map<String, Object> raw) {
    }
}
