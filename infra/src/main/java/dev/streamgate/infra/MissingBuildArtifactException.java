package dev.streamgate.infra;

/** A jar or image context the stack deploys is not there: the build has not run yet. */
public final class MissingBuildArtifactException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message says what is missing and to run {@code make build} first. */
    public MissingBuildArtifactException(String message) {
        super(message);
    }
}
