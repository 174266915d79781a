package dev.parley.server.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * How the log reads ({@code --log-format}): a line per event for people (logback.xml's pattern, the
 * default), or one JSON object per line for a log collector (Loki, Elasticsearch, journald's JSON
 * readers), so nobody has to parse the text.
 */
public enum LogFormat {
    text,
    json;

    /** Puts this format on the console; nothing to do for text, which logback.xml already sets up. */
    void apply() {
        if (this == text) return;
        // Under another SLF4J binding (a host application embedding the server), its configuration rules.
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        var encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithContext(false);      // the logger context's name and birth time, the same on every line
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithMessage(false);      // the pattern with its {} holes: the formatted message says it all
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMDC(false);          // Parley puts nothing there
        encoder.setWithMarkers(false);
        encoder.setWithKVPList(false);
        encoder.start();
        var appender = new ConsoleAppender<ILoggingEvent>();
        appender.setContext(context);
        appender.setName("STDOUT");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }
}
