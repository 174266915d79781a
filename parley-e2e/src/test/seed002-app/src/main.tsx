// Not in the article: the least glue that shows its page (the article's router and app shell are not printed).
import React from 'react';
import { createRoot } from 'react-dom/client';
import Simple1v1 from './Simple1v1';

createRoot(document.getElementById('root')).render(<Simple1v1 />);
