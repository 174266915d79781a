/** Why a load run cannot go on, in one line for the command line (no allocation, 401 after credentials...). */
final class LoadFailure extends Exception {
    private static final long serialVersionUID = 1L;

    LoadFailure(String message) {
        super(message, null, false, false);
    }
}
