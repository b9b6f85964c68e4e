package io.pgsafety.test;

/** What a server has logged, read from a position on: the part of the log one test caused. */
interface ServerLog {

    /** No log to read (an external server): positions are 0 and the text is empty. */
    ServerLog NONE = new ServerLog() {
        @Override
        public long position() {
            return 0;
        }

        @Override
        public String since(long position) {
            return "";
        }
    };

    long position();

    String since(long position);
}
