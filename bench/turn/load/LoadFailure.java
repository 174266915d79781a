/** Why a load run cannot go on, in one line for the command line (no allocation, 401 after credentials...). */
final class LoadFailure extends Exception {
    LoadFailure(String message) {
        super(message, null, false, false);
    }
}
