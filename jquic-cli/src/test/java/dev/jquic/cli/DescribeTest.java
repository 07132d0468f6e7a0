package dev.jquic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jquic.QuicException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class DescribeTest {

    @Test
    void unwrapsFutureFailuresToTheCauseMessage() {
        QuicException refused = new QuicException("handshake timed out after 10 s");
        assertEquals("handshake timed out after 10 s",
                JquicCommand.describe(new ExecutionException(new CompletionException(refused))));
    }

    @Test
    void namesFileProblemsAndUnexpectedFailures() {
        assertEquals("no such file: /x.pem", JquicCommand.describe(new NoSuchFileException("/x.pem")));
        assertEquals("IllegalStateException: broken", JquicCommand.describe(new IllegalStateException("broken")));
        assertEquals("NullPointerException", JquicCommand.describe(new NullPointerException()));
    }
}
